using System.Net.Http.Json;
using System.Text.Json;
using CarrierLink.Tests.Support;
using Shouldly;

namespace CarrierLink.Tests.Notifications.Webhooks;

/// <summary>
/// The receiver example of docs/webhooks.md (run by the tests' receiver at /carrierlink/webhooks) verifies what
/// CarrierLink sends. It checks the timestamp against real time, as a receiver would, so its stack's clock is never moved.
/// </summary>
public abstract class WebhookDocsExampleTests(StackFixture fixture) : WebhookTestBase(fixture)
{
    [Fact]
    public async Task The_receiver_example_in_the_docs_accepts_CarrierLinks_webhooks_and_refuses_another_secret()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var merchant = await Stack.CreateMerchantAsync();
        using var api = merchant.Api();
        var (endpointId, secret) = await CreateEndpointAsync(api, receiver.Url("carrierlink/webhooks"));
        receiver.DocsExampleSecret = secret;
        await SendTestEventAsync(api, endpointId);
        await DeliverAsync();
        var rotated = await api.PostAsJsonAsync($"/api/v1/webhook-endpoints/{endpointId}/rotate-secret", new { grace_hours = 1 });
        receiver.DocsExampleSecret = (await rotated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!;
        await SendTestEventAsync(api, endpointId);
        await DeliverAsync();
        receiver.DocsExampleSecret = WebhookSigningSecrets.Another;
        var refused = (await SendTestEventAsync(api, endpointId)).GetProperty("id").GetString()!;
        await DeliverAsync();

        var log = await DeliveriesAsync(api, endpointId);
        log.Count(d => d.GetProperty("status").GetString() == "succeeded").ShouldBe(2, "before and during a rotation");
        (await DeliveryAsync(api, endpointId, refused)).GetProperty("last_status_code").GetInt32().ShouldBe(401);
    }
}

public sealed class WebhookDocsExampleOnSqliteTests(SqliteStack fixture) : WebhookDocsExampleTests(fixture), IClassFixture<SqliteStack>;

public sealed class WebhookDocsExampleOnPostgresTests(PostgresStack fixture) : WebhookDocsExampleTests(fixture), IClassFixture<PostgresStack>;
