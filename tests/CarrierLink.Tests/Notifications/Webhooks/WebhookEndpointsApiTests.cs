using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CarrierLink.Tests.Support;
using CarrierLink.Web.Notifications;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace CarrierLink.Tests.Notifications.Webhooks;

/// <summary>
/// /api/v1/webhook-endpoints: endpoints per merchant with the events they want, the secret shown once and stored
/// encrypted, the delivery log with "send again", and problem+json naming the field for bad input.
/// </summary>
public abstract class WebhookEndpointsApiTests(StackFixture fixture) : WebhookTestBase(fixture)
{
    [Fact]
    public async Task A_merchant_creates_lists_reads_changes_and_deletes_endpoints_and_the_secret_shows_only_when_made()
    {
        var merchant = await Stack.CreateMerchantAsync();
        using var api = merchant.Api();

        var created = await api.PostAsJsonAsync("/api/v1/webhook-endpoints",
            new { url = "https://hooks.example.com/carrierlink?token=abc", description = "Order system", event_types = new[] { NotificationEvents.NeedsReconnect } });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var secret = body.GetProperty("secret").GetString()!;
        Convert.FromBase64String(secret["whsec_".Length..]).Length.ShouldBeInRange(24, 64);
        var id = body.GetProperty("endpoint").GetProperty("id").GetString()!;
        created.Headers.Location!.ToString().ShouldBe($"/api/v1/webhook-endpoints/{id}");

        var list = await api.GetFromJsonAsync<JsonElement>("/api/v1/webhook-endpoints");
        var endpoint = list.GetProperty("data").EnumerateArray().ShouldHaveSingleItem();
        endpoint.GetProperty("url").GetString().ShouldBe("https://hooks.example.com/carrierlink?token=abc");
        endpoint.GetProperty("description").GetString().ShouldBe("Order system");
        endpoint.GetProperty("event_types").EnumerateArray().Select(t => t.GetString()).ShouldBe([NotificationEvents.NeedsReconnect]);
        endpoint.GetProperty("enabled").GetBoolean().ShouldBeTrue();
        list.GetRawText().ShouldNotContain(secret["whsec_".Length..], Case.Sensitive, "the secret shows only when it is made");
        (await api.GetStringAsync($"/api/v1/webhook-endpoints/{id}")).ShouldNotContain(secret["whsec_".Length..], Case.Sensitive);
        var stored = await Stack.WithDbAsync(db => db.WebhookEndpoints.AsNoTracking().SingleAsync(e => e.Id == Guid.Parse(id)));
        stored.SecretCipher.ShouldNotContain(secret["whsec_".Length..], Case.Sensitive);
        Stack.Decrypt(stored.SecretCipher).ShouldBe(secret, "stored encrypted");

        var changed = await api.PatchAsJsonAsync($"/api/v1/webhook-endpoints/{id}", new { event_types = (string[]?)null, enabled = false });
        changed.StatusCode.ShouldBe(HttpStatusCode.OK);
        var after = await changed.Content.ReadFromJsonAsync<JsonElement>();
        after.GetProperty("event_types").ValueKind.ShouldBe(JsonValueKind.Null, "null is every event");
        after.GetProperty("enabled").GetBoolean().ShouldBeFalse();
        after.GetProperty("disabled_reason").GetString().ShouldBe("merchant");
        after.GetProperty("description").GetString().ShouldBe("Order system", "left out: unchanged");
        var back = await (await api.PatchAsJsonAsync($"/api/v1/webhook-endpoints/{id}", new { enabled = true, url = "https://hooks.example.com/v2" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        back.GetProperty("enabled").GetBoolean().ShouldBeTrue();
        back.GetProperty("url").GetString().ShouldBe("https://hooks.example.com/v2");
        back.GetProperty("disabled_reason").ValueKind.ShouldBe(JsonValueKind.Null);

        (await api.DeleteAsync($"/api/v1/webhook-endpoints/{id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await api.GetAsync($"/api/v1/webhook-endpoints/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await api.DeleteAsync($"/api/v1/webhook-endpoints/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_endpoint_gets_only_the_event_types_it_chose_and_a_turned_off_one_gets_none()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var merchant = await Stack.CreateMerchantAsync();
        using var api = merchant.Api();
        await CreateEndpointAsync(api, receiver.Url("breaks"), [NotificationEvents.NeedsReconnect, NotificationEvents.Reconnected]);
        await CreateEndpointAsync(api, receiver.Url("all"));
        var (off, _) = await CreateEndpointAsync(api, receiver.Url("off"));
        (await api.PatchAsJsonAsync($"/api/v1/webhook-endpoints/{off}", new { enabled = false })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var otherMerchant = await Stack.CreateMerchantAsync();
        using (var otherApi = otherMerchant.Api()) await CreateEndpointAsync(otherApi, receiver.Url("other-merchant"));

        var customer = await Stack.CreateUspsCustomerAsync();
        var accountId = await merchant.ConnectUspsAsync(customer);
        await Stack.RevokeGrantInstantlyAsync(customer);
        await api.PostAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/rates", ShippingBodies.Rates);
        await DeliverAsync();

        receiver.At("breaks").Select(r => r.Type).ShouldBe([NotificationEvents.NeedsReconnect]);
        receiver.At("all").Select(r => r.Type).ShouldBe([NotificationEvents.Connected, NotificationEvents.NeedsReconnect]);
        receiver.At("off").ShouldBeEmpty();
        receiver.At("other-merchant").ShouldBeEmpty("another merchant's account");
    }

    [Fact]
    public async Task The_delivery_log_shows_each_attempt_and_send_again_sends_the_same_webhook_id_now()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.AnswerNext(new WebhookReceiver.Answer(500, Body: "down for maintenance"));
        var merchant = await Stack.CreateMerchantAsync();
        using var api = merchant.Api();
        var (endpointId, _) = await CreateEndpointAsync(api, receiver.Url());
        var queued = await SendTestEventAsync(api, endpointId);
        queued.GetProperty("type").GetString().ShouldBe("webhook.test");
        queued.GetProperty("status").GetString().ShouldBe("pending");
        var deliveryId = queued.GetProperty("id").GetString()!;
        await DeliverAsync();

        var failed = await DeliveryAsync(api, endpointId, deliveryId);
        failed.GetProperty("status").GetString().ShouldBe("pending", "a retry is scheduled");
        failed.GetProperty("last_status_code").GetInt32().ShouldBe(500);
        var attempt = failed.GetProperty("attempt_log").EnumerateArray().ShouldHaveSingleItem();
        attempt.GetProperty("outcome").GetString().ShouldBe("failed");
        attempt.GetProperty("response_excerpt").GetString().ShouldBe("down for maintenance");

        var resent = await api.PostAsync($"/api/v1/webhook-endpoints/{endpointId}/deliveries/{deliveryId}/resend", null);
        resent.StatusCode.ShouldBe(HttpStatusCode.Accepted, "the receiver is fixed: send it now rather than at the scheduled retry");
        await DeliverAsync();
        var again = await api.PostAsync($"/api/v1/webhook-endpoints/{endpointId}/deliveries/{deliveryId}/resend", null);
        again.StatusCode.ShouldBe(HttpStatusCode.Accepted, "a delivered one can be sent again too");
        await DeliverAsync();

        receiver.Received.Count.ShouldBe(3);
        receiver.Received.Select(r => r.Id).Distinct().ShouldHaveSingleItem();
        var delivered = await DeliveryAsync(api, endpointId, deliveryId);
        delivered.GetProperty("status").GetString().ShouldBe("succeeded");
        delivered.GetProperty("attempts").GetInt32().ShouldBe(3);
        delivered.GetProperty("attempt_log").EnumerateArray().Select(a => a.GetProperty("status_code").GetInt32()).ShouldBe([500, 204, 204]);
        var onlyFailed = await api.GetFromJsonAsync<JsonElement>($"/api/v1/webhook-endpoints/{endpointId}/deliveries?status=failed");
        onlyFailed.GetProperty("data").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task A_receiver_that_echoes_its_secret_does_not_put_it_in_the_delivery_log()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var merchant = await Stack.CreateMerchantAsync();
        using var api = merchant.Api();
        var (endpointId, secret) = await CreateEndpointAsync(api, receiver.Url());
        receiver.AnswerNext(new WebhookReceiver.Answer(401, Body: $"signature mismatch: my secret is {secret}\nand its key {secret["whsec_".Length..]}"));
        await SendTestEventAsync(api, endpointId);
        await DeliverAsync();

        var log = await api.GetStringAsync($"/api/v1/webhook-endpoints/{endpointId}/deliveries");
        log.ShouldNotContain(secret["whsec_".Length..], Case.Sensitive);
        var excerpt = (await DeliveriesAsync(api, endpointId)).Single().GetProperty("attempt_log")[0].GetProperty("response_excerpt").GetString();
        excerpt.ShouldBe("signature mismatch: my secret is [secret] and its key [secret]");
    }

    [Fact]
    public async Task The_delivery_log_pages_newest_first()
    {
        var merchant = await Stack.CreateMerchantAsync();
        using var api = merchant.Api();
        var (endpointId, _) = await CreateEndpointAsync(api, new Uri("https://hooks.example.com/paging"));
        var ids = new List<string>();
        for (var i = 0; i < 3; i++) ids.Add((await SendTestEventAsync(api, endpointId)).GetProperty("id").GetString()!);

        var first = await api.GetFromJsonAsync<JsonElement>($"/api/v1/webhook-endpoints/{endpointId}/deliveries?limit=2");
        var second = await api.GetFromJsonAsync<JsonElement>(
            $"/api/v1/webhook-endpoints/{endpointId}/deliveries?limit=2&cursor={first.GetProperty("next_cursor").GetString()}");

        first.GetProperty("data").EnumerateArray().Concat(second.GetProperty("data").EnumerateArray()).Select(d => d.GetProperty("id").GetString())
            .ShouldBe(Enumerable.Reverse(ids));
        second.GetProperty("next_cursor").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task Bad_input_is_a_problem_naming_the_field()
    {
        var merchant = await Stack.CreateMerchantAsync();
        using var api = merchant.Api();
        var (id, _) = await CreateEndpointAsync(api, new Uri("https://hooks.example.com/ok"));

        await ShouldBeInvalidAsync(api.PostAsJsonAsync("/api/v1/webhook-endpoints", new { }), "url");
        await ShouldBeInvalidAsync(api.PostAsJsonAsync("/api/v1/webhook-endpoints", new { url = "ftp://hooks.example.com/" }), "url");
        await ShouldBeInvalidAsync(api.PostAsJsonAsync("/api/v1/webhook-endpoints", new { url = "not a url" }), "url");
        await ShouldBeInvalidAsync(api.PostAsJsonAsync("/api/v1/webhook-endpoints", new { url = "http://hooks.example.com/plain" }), "url", "https");
        await ShouldBeInvalidAsync(api.PostAsJsonAsync("/api/v1/webhook-endpoints", new { url = "https://user:pw@hooks.example.com/" }), "url", "password");
        await ShouldBeInvalidAsync(api.PostAsJsonAsync("/api/v1/webhook-endpoints", new { url = "https://hooks.example.com/" + new string('a', 2100) }), "url");
        await ShouldBeInvalidAsync(api.PostAsJsonAsync("/api/v1/webhook-endpoints",
            new { url = "https://hooks.example.com/", event_types = new[] { "account.exploded" } }), "event_types", "account.exploded");
        await ShouldBeInvalidAsync(api.PostAsJsonAsync("/api/v1/webhook-endpoints", new { url = "https://hooks.example.com/", event_types = Array.Empty<string>() }),
            "event_types");
        await ShouldBeInvalidAsync(api.PostAsJsonAsync("/api/v1/webhook-endpoints", new { url = "https://hooks.example.com/", description = new string('d', 201) }),
            "description");
        await ShouldBeInvalidAsync(api.PostAsJsonAsync("/api/v1/webhook-endpoints", new { url = "https://hooks.example.com/\u0000" }), "url");
        await ShouldBeInvalidAsync(api.PostAsync("/api/v1/webhook-endpoints", new StringContent("{\"url\":", Encoding.UTF8, "application/json")), "body");
        await ShouldBeInvalidAsync(api.PatchAsJsonAsync($"/api/v1/webhook-endpoints/{id}", new { event_types = "account.connected" }), "event_types");
        await ShouldBeInvalidAsync(api.PatchAsJsonAsync($"/api/v1/webhook-endpoints/{id}", new { url = "javascript:alert(1)" }), "url");
        await ShouldBeInvalidAsync(api.PatchAsJsonAsync($"/api/v1/webhook-endpoints/{id}", new { enabled = "yes" }), "body");
        await ShouldBeInvalidAsync(api.PostAsJsonAsync($"/api/v1/webhook-endpoints/{id}/rotate-secret", new { grace_hours = 1000 }), "grace_hours");
        await ShouldBeInvalidAsync(api.GetAsync($"/api/v1/webhook-endpoints/{id}/deliveries?status=lost"), "status");
        await ShouldBeInvalidAsync(api.GetAsync($"/api/v1/webhook-endpoints/{id}/deliveries?cursor=bm90LWEtZ3VpZA"), "cursor");
        await ShouldBeInvalidAsync(api.GetAsync($"/api/v1/webhook-endpoints/{id}/deliveries?limit=0"), "limit");
        (await EndpointAsync(api, id)).GetProperty("url").GetString().ShouldBe("https://hooks.example.com/ok", "nothing changed");
    }

    [Fact]
    public async Task Another_merchants_endpoint_and_ids_that_are_not_ids_are_not_found()
    {
        var owner = await Stack.CreateMerchantAsync();
        using var ownerApi = owner.Api();
        var (id, _) = await CreateEndpointAsync(ownerApi, new Uri("https://hooks.example.com/owner"));
        var deliveryId = (await SendTestEventAsync(ownerApi, id)).GetProperty("id").GetString();
        var other = await Stack.CreateMerchantAsync();
        using var api = other.Api();

        foreach (var request in new Func<Task<HttpResponseMessage>>[]
        {
            () => api.GetAsync($"/api/v1/webhook-endpoints/{id}"),
            () => api.PatchAsJsonAsync($"/api/v1/webhook-endpoints/{id}", new { enabled = false }),
            () => api.DeleteAsync($"/api/v1/webhook-endpoints/{id}"),
            () => api.PostAsJsonAsync($"/api/v1/webhook-endpoints/{id}/rotate-secret", new { }),
            () => api.GetAsync($"/api/v1/webhook-endpoints/{id}/deliveries"),
            () => api.PostAsync($"/api/v1/webhook-endpoints/{id}/deliveries/{deliveryId}/resend", null),
            () => api.PostAsync($"/api/v1/webhook-endpoints/{id}/test", null),
            () => api.GetAsync("/api/v1/webhook-endpoints/not-a-guid"),
            () => ownerApi.PostAsync($"/api/v1/webhook-endpoints/{id}/deliveries/not-a-guid/resend", null),
            () => ownerApi.PostAsync($"/api/v1/webhook-endpoints/{id}/deliveries/{Guid.NewGuid()}/resend", null),
        })
        {
            var response = await request();
            response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        }
        (await EndpointAsync(ownerApi, id)).GetProperty("enabled").GetBoolean().ShouldBeTrue();
        using var anonymous = new HttpClient { BaseAddress = Stack.WebUrl };
        (await anonymous.GetAsync("/api/v1/webhook-endpoints")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    private static async Task ShouldBeInvalidAsync(Task<HttpResponseMessage> sending, string field, string? saying = null)
    {
        using var response = await sending;
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, text);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var errors = JsonDocument.Parse(text).RootElement.GetProperty("errors");
        errors.TryGetProperty(field, out var messages).ShouldBeTrue($"{field} named in {text}");
        if (saying is not null) messages.GetRawText().ShouldContain(saying);
    }
}

public sealed class WebhookEndpointsApiOnSqliteTests(SqliteStack fixture) : WebhookEndpointsApiTests(fixture), IClassFixture<SqliteStack>;

public sealed class WebhookEndpointsApiOnPostgresTests(PostgresStack fixture) : WebhookEndpointsApiTests(fixture), IClassFixture<PostgresStack>;
