using System.Net;
using System.Net.Http.Json;
using CarrierLink.Tests.Support;
using CarrierLink.Web.Data;
using CarrierLink.Web.Notifications.Webhooks;
using CarrierLink.Web.Security;
using Shouldly;

namespace CarrierLink.Tests.Notifications.Webhooks;

/// <summary>
/// With private addresses refused (production's default), a merchant cannot point webhooks into CarrierLink's own
/// network: not when saving the URL, and not later through a name that now resolves to such an address (SSRF).
/// </summary>
public abstract class WebhookPrivateAddressTests(StackFixture fixture) : WebhookTestBase(fixture)
{
    [Fact]
    public async Task A_loopback_or_private_address_is_refused_when_the_endpoint_is_saved()
    {
        var merchant = await Stack.CreateMerchantAsync();
        using var api = merchant.Api();
        foreach (var url in new[] { "http://127.0.0.1:9/hooks", "https://169.254.169.254/latest/meta-data", "https://localhost/hooks", "https://[::1]/" })
        {
            var response = await api.PostAsJsonAsync("/api/v1/webhook-endpoints", new { url });
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, url);
            (await response.Content.ReadAsStringAsync()).ShouldContain("public address");
        }
    }

    [Fact]
    public async Task A_name_that_resolves_to_loopback_when_sending_is_not_called()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var merchant = await Stack.CreateMerchantAsync();
        using var api = merchant.Api();
        // As if the name resolved to a public address when it was saved and points at this machine now.
        var endpointId = await Stack.WithDbAsync(async db =>
        {
            var endpoint = new WebhookEndpoint
            {
                MerchantId = merchant.Id, Url = $"http://localhost:{receiver.BaseUrl.Port}/hooks", SecretCipher = Stack.Services.GetRequiredService<SecretProtector>()
                    .Protect(WebhookSigning.NewSecret()), CreatedAt = Now.UtcDateTime, UpdatedAt = Now.UtcDateTime,
            };
            db.WebhookEndpoints.Add(endpoint);
            await db.SaveChangesAsync();
            return endpoint.Id;
        });

        await SendTestEventAsync(api, endpointId);
        await DeliverAsync();

        receiver.Received.ShouldBeEmpty();
        var attempt = (await DeliveriesAsync(api, endpointId)).Single().GetProperty("attempt_log").EnumerateArray().Single();
        attempt.GetProperty("outcome").GetString().ShouldBe("connection_failed");
        attempt.GetProperty("status_code").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
        attempt.GetProperty("response_excerpt").GetString().ShouldBe("Not sent: localhost resolves only to addresses CarrierLink does not send webhooks to.");
    }
}

public sealed class PrivateAddressesRefusedSqliteStack() : StackFixture(StoreProvider.Sqlite, "--Webhooks:AllowPrivateAddresses=false");

public sealed class PrivateAddressesRefusedPostgresStack() : StackFixture(StoreProvider.Postgres, "--Webhooks:AllowPrivateAddresses=false");

public sealed class WebhookPrivateAddressOnSqliteTests(PrivateAddressesRefusedSqliteStack fixture)
    : WebhookPrivateAddressTests(fixture), IClassFixture<PrivateAddressesRefusedSqliteStack>;

public sealed class WebhookPrivateAddressOnPostgresTests(PrivateAddressesRefusedPostgresStack fixture)
    : WebhookPrivateAddressTests(fixture), IClassFixture<PrivateAddressesRefusedPostgresStack>;
