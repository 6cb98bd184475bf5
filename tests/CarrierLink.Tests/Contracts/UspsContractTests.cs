using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CarrierLink.Tests.Support;
using Shouldly;
using Xunit.Abstractions;

namespace CarrierLink.Tests.Contracts;

/// <summary>
/// CarrierLink's USPS traffic, both directions, against USPS's published OpenAPI files: connect,
/// refresh, the five operations and their refusals, and revocation. The sandbox and the client are
/// only right where USPS says so.
/// </summary>
public sealed class UspsContractTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Every_request_and_answer_of_the_five_operations_follows_USPS_published_specs()
    {
        var specs = await UspsSpecs.LoadedAsync();
        var traffic = new UspsTraffic();
        await using var stack = await TestStack.StartAsync(StoreProvider.Sqlite, traffic.AddTo);
        var (merchant, customer, accountId) = await ConnectedAsync(stack);
        using var api = merchant.Api();
        string Url(string path) => $"/api/v1/carrier-accounts/{accountId}/{path}";

        (await api.PostAsJsonAsync(Url("rates"), ShippingBodies.Rates)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var label = await BuyAsync(api, Url("labels"), ShippingBodies.Label());
        // Without dimensions: USPS requires all three (> 0), so CarrierLink asks the merchant instead of sending 0.
        var plain = await api.PostAsJsonAsync(Url("labels"), new
        {
            from_address = ShippingBodies.Address(),
            to_address = new { name = "Sam Receiver", street1 = "500 Howard St", city = "San Francisco", state = "CA", zip = "94105" },
            weight_oz = 8,
            mail_class = "USPS_GROUND_ADVANTAGE",
        });
        plain.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await plain.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("length_in", out _).ShouldBeTrue();
        (await api.PostAsync(Url($"labels/{label}/void"), null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        // A refusal: USPS cannot deliver to a street without a number.
        var refused = await api.PostAsJsonAsync(Url("labels"), new
        {
            from_address = ShippingBodies.Address(),
            to_address = new { name = "Sam Receiver", street1 = "Howard Street", city = "San Francisco", state = "CA", zip = "94105" },
            weight_oz = 8,
            mail_class = "USPS_GROUND_ADVANTAGE",
            length_in = 8, width_in = 6, height_in = 2,
        });
        refused.IsSuccessStatusCode.ShouldBeFalse();

        await BuyAsync(api, Url("labels"), ShippingBodies.Label("USPS_GROUND_ADVANTAGE"));
        var endOfDay = await api.PostAsJsonAsync(Url("end-of-day"), new { });
        endOfDay.StatusCode.ShouldBe(HttpStatusCode.OK, await endOfDay.Content.ReadAsStringAsync());
        var pickupDay = DateOnly.FromDateTime(stack.Clock.GetUtcNow().UtcDateTime).AddDays(2);
        if (pickupDay.DayOfWeek == DayOfWeek.Sunday) pickupDay = pickupDay.AddDays(1);
        var pickup = await api.PostAsJsonAsync(Url("pickups"), ShippingBodies.Pickup(pickupDay));
        pickup.StatusCode.ShouldBe(HttpStatusCode.Created, await pickup.Content.ReadAsStringAsync());
        var confirmation = (await pickup.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("confirmation_number").GetString();
        (await api.DeleteAsync(Url($"pickups/{confirmation}"))).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        // The access token ages out: CarrierLink refreshes it, then uses the new one.
        stack.Clock.Advance(TimeSpan.FromHours(9));
        (await api.PostAsJsonAsync(Url("rates"), ShippingBodies.Rates)).StatusCode.ShouldBe(HttpStatusCode.OK);

        // A grant revoked at USPS: the API refuses the access token (401), the token endpoint the refresh token (400).
        var revokedCustomer = await stack.CreateUspsCustomerAsync();
        var revokedId = await merchant.ConnectUspsAsync(revokedCustomer, "Revoked");
        await stack.RevokeGrantInstantlyAsync(revokedCustomer);
        (await api.PostAsJsonAsync($"/api/v1/carrier-accounts/{revokedId}/rates", ShippingBodies.Rates)).StatusCode.ShouldBe(HttpStatusCode.FailedDependency);

        // Removing the account revokes its grant at USPS.
        (await api.DeleteAsync($"/api/v1/carrier-accounts/{accountId}")).IsSuccessStatusCode.ShouldBeTrue();

        var exchanges = traffic.Exchanges;
        foreach (var exchange in exchanges) output.WriteLine(exchange.ToString());
        exchanges.Select(e => e.Path).ShouldContain(p => p.EndsWith("/token", StringComparison.Ordinal));
        exchanges.Select(e => e.Path).ShouldContain(p => p.EndsWith("/revoke", StringComparison.Ordinal));
        exchanges.ShouldContain(e => e.Status == 401, "an API refusal of a revoked grant's access token was exercised");
        exchanges.ShouldContain(e => e.Path.EndsWith("/token", StringComparison.Ordinal) && e.Status == 400, "a refused refresh was exercised");

        var violations = exchanges.SelectMany(e => UspsContract.Check(specs, e)).ToList();
        foreach (var violation in violations) output.WriteLine(violation);
        violations.ShouldBeEmpty(string.Join(Environment.NewLine, violations));
    }

    [Fact]
    public async Task The_sandboxs_refusals_of_all_five_operations_follow_USPS_published_error_shapes()
    {
        var specs = await UspsSpecs.LoadedAsync();
        var traffic = new UspsTraffic();
        await using var stack = await TestStack.StartAsync(StoreProvider.Sqlite, traffic.AddTo);
        var (merchant, _, accountId) = await ConnectedAsync(stack);
        using var api = merchant.Api();
        var tracking = await BuyAsync(api, $"/api/v1/carrier-accounts/{accountId}/labels", ShippingBodies.Label());
        (await api.PostAsync($"/api/v1/carrier-accounts/{accountId}/labels/{tracking}/void", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var accessToken = stack.Decrypt((await stack.CredentialAsync(accountId))!.AccessTokenCipher!);
        traffic.Clear();

        // Straight to the sandbox, as USPS's own clients would, with the account's access token.
        using var usps = traffic.Client(stack.SandboxUrl);
        async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null, string? token = null, Action<HttpRequestMessage>? configure = null)
        {
            using var request = new HttpRequestMessage(method, path);
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token ?? accessToken);
            if (body is not null) request.Content = JsonContent.Create(body, options: new System.Text.Json.JsonSerializerOptions { PropertyNamingPolicy = null });
            configure?.Invoke(request);
            return await usps.SendAsync(request);
        }
        await SendAsync(HttpMethod.Post, "/payments/v3/payment-authorization", new { roles = Array.Empty<object>() });

        await SendAsync(HttpMethod.Post, "/prices/v3/base-rates/search", new { originZIPCode = "1", destinationZIPCode = "94105", weight = -1, mailClass = "NOPE" });
        await SendAsync(HttpMethod.Post, "/prices/v3/base-rates/search", new { }, token: "not-a-token");
        await SendAsync(HttpMethod.Delete, $"/labels/v3/label/{tracking}", configure: r => r.Headers.Add("X-Payment-Authorization-Token", "expired-or-unknown"));
        await SendAsync(HttpMethod.Post, "/scan-forms/v3/scan-form", new
        {
            form = "5630", imageType = "PDF", labelType = "8.5x11LABEL", mailingDate = "2001-01-01", entryFacilityZIPCode = "10001", destinationEntryFacilityType = "NONE",
            shipment = new { trackingNumbers = new[] { tracking } },
            fromAddress = new { firm = "Acme", address = new { streetAddress = "1 Main St", city = "New York", state = "NY", ZIPCode = "10001" } },
        });
        await SendAsync(HttpMethod.Get, "/pickup/v3/carrier-pickup/WTC00000000");
        await SendAsync(HttpMethod.Post, "/pickup/v3/carrier-pickup", new
        {
            pickupDate = "2001-01-01",
            pickupAddress = new { firm = "Acme", address = new { streetAddress = "1 Main St", city = "New York", state = "NY", ZIPCode = "10001" }, contact = new[] { new { email = "dock@example.test" } } },
            packages = new[] { new { packageType = "PRIORITY_MAIL", packageCount = 1 } },
            estimatedWeight = 1,
            pickupLocation = new { packageLocation = "FRONT_DOOR" },
        });
        using (var badClient = new HttpRequestMessage(HttpMethod.Post, "/oauth2/v3/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = "never-issued", ["client_id"] = TestStack.ClientId, ["client_secret"] = TestStack.ClientSecret }),
        })
        {
            (await usps.SendAsync(badClient)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        }
        using (var wrongSecret = new HttpRequestMessage(HttpMethod.Post, "/oauth2/v3/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = "never-issued", ["client_id"] = TestStack.ClientId, ["client_secret"] = "wrong" }),
        })
        {
            (await usps.SendAsync(wrongSecret)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        var exchanges = traffic.Exchanges;
        foreach (var exchange in exchanges) output.WriteLine(exchange.ToString());
        exchanges.Count(e => e.Status >= 400).ShouldBeGreaterThanOrEqualTo(7, "each refusal above reached the sandbox and was refused");
        // These requests are wrong on purpose; only the answers are checked.
        var violations = exchanges.SelectMany(e => UspsContract.CheckAnswer(specs, e)).ToList();
        foreach (var violation in violations) output.WriteLine(violation);
        violations.ShouldBeEmpty(string.Join(Environment.NewLine, violations));
    }

    [Fact]
    public async Task With_PKCE_forced_on_for_USPS_the_check_names_the_code_verifier_USPS_token_schema_does_not_take()
    {
        var specs = await UspsSpecs.LoadedAsync();
        var traffic = new UspsTraffic();
        await using var stack = await TestStack.StartAsync(StoreProvider.Sqlite, traffic.AddTo, "--Carriers:Usps:UsePkce=true");

        await ConnectedAsync(stack);

        var exchange = traffic.Exchanges.Single(e => e.Path == "/oauth2/v3/token");
        System.Text.Encoding.UTF8.GetString(exchange.RequestBody).ShouldContain("code_verifier=");
        var violations = UspsContract.Check(specs, exchange);
        foreach (var violation in violations) output.WriteLine(violation);
        violations.ShouldContain(v => v.Contains("code_verifier", StringComparison.Ordinal),
            "USPS publishes no code_verifier, so PKCE on for USPS must show up as a violation, not pass unnoticed");
    }

    /// <summary>A merchant with a USPS account connected through the sandbox's sign-in (its traffic recorded too).</summary>
    private static async Task<(TestMerchant Merchant, SandboxCustomer Customer, Guid AccountId)> ConnectedAsync(TestStack stack)
    {
        var merchant = await stack.CreateMerchantAsync();
        var customer = await stack.CreateUspsCustomerAsync();
        return (merchant, customer, await merchant.ConnectUspsAsync(customer));
    }

    private static async Task<string> BuyAsync(HttpClient api, string url, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var response = await api.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("tracking_number").GetString()!;
    }
}
