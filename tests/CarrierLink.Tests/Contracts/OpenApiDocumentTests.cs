using System.Net;
using System.Text.RegularExpressions;
using CarrierLink.Tests.Support;
using Microsoft.AspNetCore.Routing;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using Shouldly;

namespace CarrierLink.Tests.Contracts;

/// <summary>
/// /openapi/v1.json, generated from the endpoints' typed results, read back by Microsoft.OpenApi: valid OpenAPI 3.1, every
/// endpoint the app maps, and every operation and status ../shared/spec/http-api.md names; the API reference page over it.
/// </summary>
public sealed class OpenApiDocumentTests(SqliteStack fixture) : IClassFixture<SqliteStack>
{
    private TestStack Stack => fixture.Stack;

    [Fact]
    public async Task The_document_at_openapi_v1_json_is_valid_OpenAPI_3_1_and_needs_no_API_key()
    {
        using var anonymous = new HttpClient { BaseAddress = Stack.WebUrl };
        var response = await anonymous.GetAsync("/openapi/v1.json");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");

        var read = await OpenApiDocument.LoadAsync(await response.Content.ReadAsStreamAsync(), "json", new OpenApiReaderSettings());

        read.Diagnostic!.Errors.ShouldBeEmpty(string.Join("; ", read.Diagnostic.Errors.Select(e => $"{e.Pointer}: {e.Message}")));
        read.Diagnostic.SpecificationVersion.ShouldBe(OpenApiSpecVersion.OpenApi3_1);
        var invalid = read.Document!.Validate(ValidationRuleSet.GetDefaultRuleSet())?.ToList() ?? [];
        invalid.ShouldBeEmpty(string.Join("; ", invalid.Select(e => $"{e.Pointer}: {e.Message}")));
        read.Document!.Info!.Title.ShouldBe("CarrierLink API");
    }

    [Fact]
    public async Task Every_operation_and_status_of_the_HTTP_contract_is_in_the_document()
    {
        var contract = HttpApiContract.Parse(await File.ReadAllTextAsync(HttpApiContract.File()));

        var disagreements = HttpApiContract.Disagreements(contract, Answers(await DocumentAsync()));

        disagreements.ShouldBeEmpty(string.Join("\n", disagreements));
    }

    [Fact]
    public async Task The_contract_is_read_with_the_operations_and_statuses_it_names()
    {
        var contract = HttpApiContract.Parse(await File.ReadAllTextAsync(HttpApiContract.File()))
            .ToDictionary(o => o.ToString(), o => o.Statuses.Order().ToList());

        contract.Count.ShouldBeGreaterThanOrEqualTo(17);
        contract["POST /api/v1/carrier-accounts"].ShouldBe([201]);
        contract["DELETE /api/v1/carrier-accounts/{id}"].ShouldBe([204]);
        contract["POST /api/v1/carrier-accounts/{id}/reconnect"].ShouldBe([409]);
        contract["PUT /api/v1/carrier-accounts/{id}/password"].ShouldBe([204, 422]);
        contract["POST /api/v1/carrier-accounts/{id}/labels"].ShouldBe([201, 400, 424, 503]);
        contract["POST /api/v1/carrier-accounts/{id}/labels/{tracking_number}/void"].ShouldBe([400, 424, 503]);
        contract["DELETE /api/v1/carrier-accounts/{id}/pickups/{confirmation_number}"].ShouldBe([400, 424, 503]);
        contract["GET /api/v1/carrier-accounts/{id}/events"].ShouldBeEmpty();
    }

    [Fact]
    public void A_contract_path_or_status_the_document_lacks_is_a_disagreement()
    {
        var contract = HttpApiContract.Parse("""
            ## Accounts
            - `GET /api/v1/things/{id}` → the thing.
            - `POST /api/v1/things` → 201, or 409 `taken`.
            - `DELETE /api/v1/gone` → 204.
            """);
        var document = new Dictionary<(string, string), IReadOnlySet<int>>
        {
            [("GET", "/api/v1/things/{id}")] = new HashSet<int> { 404 },
            [("POST", "/api/v1/things")] = new HashSet<int> { 201 },
        };

        HttpApiContract.Disagreements(contract, document).ShouldBe([
            "GET /api/v1/things/{id}: no success answer in the document",
            "POST /api/v1/things: the contract names 409, the document does not",
            "DELETE /api/v1/gone: in the contract, not in /openapi/v1.json",
        ], ignoreOrder: true);
    }

    [Fact]
    public async Task Every_api_endpoint_the_app_maps_is_in_the_document()
    {
        var mapped = Stack.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1/", StringComparison.Ordinal) == true)
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(m => (m, e.RoutePattern.RawText!.TrimEnd('/'))))
            .ToList();
        var documented = Answers(await DocumentAsync()).Keys.ToHashSet();

        mapped.Count.ShouldBeGreaterThan(30);
        mapped.Where(e => !documented.Contains(e)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Every_operation_asks_for_the_API_key_answers_errors_as_problems_and_labels_and_pickups_take_an_Idempotency_Key()
    {
        var document = await DocumentAsync();
        document.Components!.SecuritySchemes!["bearer"].Scheme.ShouldBe("bearer");

        foreach (var (path, item) in document.Paths)
            foreach (var (method, operation) in item.Operations!)
            {
                var name = $"{method} {path}";
                operation.Security!.SelectMany(r => r.Keys).Select(s => s.Reference.Id).ShouldContain("bearer", name);
                operation.Responses!.ShouldContainKey("401", name);
                foreach (var (status, response) in operation.Responses!.Where(r => r.Key[0] is '4' or '5'))
                    response.Content!.Keys.ShouldBe(["application/problem+json"], $"{name} {status}");
                var takesKey = operation.Parameters?.Any(p => p.In == ParameterLocation.Header && p.Name == "Idempotency-Key") == true;
                takesKey.ShouldBe(method == HttpMethod.Post && (path.EndsWith("/labels", StringComparison.Ordinal) || path.EndsWith("/pickups", StringComparison.Ordinal)), name);
            }
    }

    [Fact]
    public async Task The_API_reference_page_shows_the_document_and_runs_only_its_own_scripts()
    {
        using var anonymous = new HttpClient { BaseAddress = Stack.WebUrl };
        // Scalar serves its page at the folder, so its scripts load relative to it.
        (await anonymous.GetAsync("/api-reference")).RequestMessage!.RequestUri!.AbsolutePath.ShouldBe("/api-reference/");
        var response = await anonymous.GetAsync("/api-reference/");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("\"url\":\"openapi/v1.json\"");

        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        var nonce = Regex.Match(policy, "'nonce-([^']+)'").Groups[1].Value;
        nonce.ShouldNotBeEmpty(policy);
        var scripts = Regex.Matches(html, "<script[^>]*>").Select(m => m.Value).ToList();
        scripts.ShouldNotBeEmpty();
        scripts.ShouldAllBe(s => s.Contains($"nonce=\"{nonce}\""));
        policy.ShouldNotContain("unsafe-eval");
        // Each answer gets its own nonce.
        var again = (await anonymous.GetAsync("/api-reference/")).Headers.GetValues("Content-Security-Policy").Single();
        again.ShouldNotContain(nonce);
        // The rest of the site keeps its strict policy.
        (await anonymous.GetAsync("/login")).Headers.GetValues("Content-Security-Policy").Single().ShouldNotContain("nonce");
    }

    [Fact]
    public async Task The_API_keys_page_and_Settings_link_to_the_API_reference()
    {
        var merchant = await Stack.CreateMerchantAsync();
        using var browser = await merchant.SignedInBrowserAsync();

        foreach (var page in new[] { "/settings", "/settings/api-keys" })
            (await browser.GetAsync(page)).Document.QuerySelectorAll("main a").Select(a => a.GetAttribute("href")).ShouldContain("/api-reference", page);
    }

    private async Task<OpenApiDocument> DocumentAsync()
    {
        using var anonymous = new HttpClient { BaseAddress = Stack.WebUrl };
        var read = await OpenApiDocument.LoadAsync(await anonymous.GetStreamAsync("/openapi/v1.json"), "json", new OpenApiReaderSettings());
        return read.Document!;
    }

    private static Dictionary<(string Method, string Path), IReadOnlySet<int>> Answers(OpenApiDocument document) =>
        document.Paths.SelectMany(p => p.Value.Operations!.Select(o => (
                Key: (o.Key.Method, p.Key),
                Statuses: (IReadOnlySet<int>)o.Value.Responses!.Keys.Select(k => int.Parse(k, System.Globalization.CultureInfo.InvariantCulture)).ToHashSet())))
            .ToDictionary(x => x.Key, x => x.Statuses);
}
