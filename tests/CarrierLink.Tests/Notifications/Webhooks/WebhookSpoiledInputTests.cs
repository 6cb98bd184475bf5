using System.Net;
using System.Net.Http.Json;
using System.Text;
using CarrierLink.Tests.Support;
using Shouldly;

namespace CarrierLink.Tests.Notifications.Webhooks;

/// <summary>
/// The endpoint page's forms and the webhook API sent spoiled (as the rejected-input probe of issue 13 does to the other
/// pages, which never sees an endpoint page): every answer is a friendly page or problem+json, never a 500, and nothing changes.
/// </summary>
public abstract class WebhookSpoiledInputTests(StackFixture fixture) : WebhookTestBase(fixture)
{
    private static readonly string FiveMegabytes = new('x', 5 * 1024 * 1024);

    [Fact]
    public async Task Spoiled_posts_to_the_endpoint_page_get_a_friendly_page_and_change_nothing()
    {
        var merchant = await Stack.CreateMerchantAsync();
        using var api = merchant.Api();
        var (endpointId, _) = await CreateEndpointAsync(api, new Uri("https://hooks.example.com/spoiled"));
        var deliveryId = (await SendTestEventAsync(api, endpointId)).GetProperty("id").GetString()!;
        using var browser = await merchant.SignedInBrowserAsync();
        var page = await browser.GetAsync($"/settings/webhooks/{endpointId}");
        var token = page.Document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var before = (await EndpointAsync(api, endpointId)).GetRawText();
        string Handler(string name) => $"/settings/webhooks/{endpointId}?handler={name}";

        var spoiled = new List<(string Name, string Url, Dictionary<string, string> Fields)>
        {
            ("NUL in the url", Handler("Save"), new() { ["__RequestVerificationToken"] = token, ["url"] = "https://hooks.example.com/\0", ["allEvents"] = "true" }),
            ("NUL in the description", Handler("Save"), new() { ["__RequestVerificationToken"] = token, ["url"] = "https://hooks.example.com/a", ["description"] = "\0" }),
            ("a 5 MB url", Handler("Save"), new() { ["__RequestVerificationToken"] = token, ["url"] = FiveMegabytes, ["allEvents"] = "true" }),
            ("an unknown event", Handler("Save"), new() { ["__RequestVerificationToken"] = token, ["url"] = "https://hooks.example.com/a", ["eventTypes"] = "account.exploded" }),
            ("enabled that is not a bool", Handler("Save"), new() { ["__RequestVerificationToken"] = token, ["url"] = "https://hooks.example.com/a", ["enabled"] = "maybe" }),
            ("a delivery that is not an id", Handler("Resend"), new() { ["__RequestVerificationToken"] = token, ["delivery"] = "not-a-guid" }),
            ("another endpoint's delivery", Handler("Resend"), new() { ["__RequestVerificationToken"] = token, ["delivery"] = Guid.NewGuid().ToString() }),
            ("no anti-forgery token", Handler("Rotate"), new()),
            ("no anti-forgery token", Handler("Delete"), new()),
        };
        foreach (var (name, url, fields) in spoiled)
        {
            var answer = await browser.PostFormAsync(url, fields);
            ((int)answer.Status).ShouldBeInRange(400, 499, $"{name}: {answer.Status}");
            answer.Heading.ShouldNotBeNullOrEmpty($"{name}: a page that says what happened");
        }
        var noUrl = await browser.PostFormAsync(Handler("Save"), new() { ["__RequestVerificationToken"] = token });
        ((int)noUrl.Status).ShouldBeInRange(400, 499, "a Save with no URL");

        (await EndpointAsync(api, endpointId)).GetRawText().ShouldBe(before, "nothing changed");
        (await DeliveriesAsync(api, endpointId)).Single().GetProperty("id").GetString().ShouldBe(deliveryId);
    }

    [Fact]
    public async Task Spoiled_API_requests_get_problem_json_and_change_nothing()
    {
        var merchant = await Stack.CreateMerchantAsync();
        using var api = merchant.Api();
        var (endpointId, _) = await CreateEndpointAsync(api, new Uri("https://hooks.example.com/spoiled"));
        var before = (await EndpointAsync(api, endpointId)).GetRawText();

        var requests = new List<(string Name, Func<Task<HttpResponseMessage>> Send)>
        {
            ("a 5 MB url", () => api.PostAsJsonAsync("/api/v1/webhook-endpoints", new { url = FiveMegabytes })),
            ("a 5 MB description change", () => api.PatchAsJsonAsync($"/api/v1/webhook-endpoints/{endpointId}", new { description = FiveMegabytes })),
            ("a NUL in an event type", () => api.PatchAsJsonAsync($"/api/v1/webhook-endpoints/{endpointId}", new { event_types = new[] { "account.connected\0" } })),
            ("event types as numbers", () => api.PatchAsJsonAsync($"/api/v1/webhook-endpoints/{endpointId}", new { event_types = new[] { 1, 2 } })),
            ("a text/plain body", () => api.PostAsync("/api/v1/webhook-endpoints", new StringContent("{\"url\":\"https://a.example\"}", Encoding.UTF8, "text/plain"))),
            ("a body that is not JSON", () => api.PatchAsync($"/api/v1/webhook-endpoints/{endpointId}", new StringContent("url=x", Encoding.UTF8, "application/json"))),
            ("grace hours as text", () => api.PostAsJsonAsync($"/api/v1/webhook-endpoints/{endpointId}/rotate-secret", new { grace_hours = "soon" })),
            ("%00 as an id", () => api.GetAsync("/api/v1/webhook-endpoints/%2500")),
            ("a huge limit", () => api.GetAsync($"/api/v1/webhook-endpoints/{endpointId}/deliveries?limit=99999999999")),
        };
        foreach (var (name, send) in requests)
        {
            using var response = await send();
            ((int)response.StatusCode).ShouldBeInRange(400, 499, name);
            response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json", name);
        }
        (await EndpointAsync(api, endpointId)).GetRawText().ShouldBe(before, "nothing changed");
    }
}

public sealed class WebhookSpoiledInputOnSqliteTests(SqliteStack fixture) : WebhookSpoiledInputTests(fixture), IClassFixture<SqliteStack>;

public sealed class WebhookSpoiledInputOnPostgresTests(PostgresStack fixture) : WebhookSpoiledInputTests(fixture), IClassFixture<PostgresStack>;
