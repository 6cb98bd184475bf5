using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CarrierLink.Tests.Support;
using CarrierLink.Web.Notifications;
using Shouldly;

namespace CarrierLink.Tests.Notifications.Webhooks;

/// <summary>
/// Issue 14, webhooks: a merchant's receiver hears of a break and its fix, signed per Standard Webhooks and checked by an
/// implementation of the spec written in the tests; failures are retried on the spec's schedule, Retry-After and 410
/// are honoured, an endpoint failing for days is turned off with a mail, and a rotation signs with both secrets for a while.
/// </summary>
public abstract class WebhookDeliveryTests(StackFixture fixture) : WebhookTestBase(fixture)
{
    [Fact]
    public async Task A_break_and_its_fix_reach_the_receiver_signed_and_verified_by_an_independent_implementation()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var merchant = await Stack.CreateMerchantAsync();
        using var api = merchant.Api();
        var (endpointId, secret) = await CreateEndpointAsync(api, receiver.Url());
        secret.ShouldStartWith("whsec_");
        var customer = await Stack.CreateUspsCustomerAsync();
        var accountId = await merchant.ConnectUspsAsync(customer, "Main Warehouse");
        await Stack.RevokeGrantInstantlyAsync(customer);
        (await api.PostAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/rates", ShippingBodies.Rates)).StatusCode.ShouldBe(HttpStatusCode.FailedDependency);
        await DeliverAsync();

        var reconnect = await api.PostAsync($"/api/v1/carrier-accounts/{accountId}/reconnect", null);
        var authorizationUrl = (await reconnect.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("authorization_url").GetString()!;
        using (var browser = await merchant.SignedInBrowserAsync())
            (await UspsSite.AuthorizeAndReturnAsync(browser, await browser.GetAsync(authorizationUrl), customer)).Heading.ShouldBe("Your USPS account is reconnected");
        await DeliverAsync();

        var received = receiver.Received;
        received.Select(r => r.Type).ShouldBe([NotificationEvents.Connected, NotificationEvents.NeedsReconnect, NotificationEvents.Reconnected]);
        foreach (var webhook in received)
        {
            webhook.VerifyFailure(secret, Now).ShouldBeNull();
            webhook.VerifyFailure(WebhookSigningSecrets.Another, Now).ShouldNotBeNull("another secret does not verify");
            (webhook with { Body = webhook.Body.Replace("Main Warehouse", "Main Warehousf", StringComparison.Ordinal) })
                .VerifyFailure(secret, Now).ShouldNotBeNull("a changed body does not verify");
            webhook.Id.ShouldStartWith("msg_");
            webhook.ContentType.ShouldStartWith("application/json");
        }
        received.Select(r => r.Id).Distinct().Count().ShouldBe(3);

        var broken = received[1].Json;
        broken.GetProperty("timestamp").GetDateTimeOffset().ShouldBeInRange(Now.AddMinutes(-5), Now);
        var data = broken.GetProperty("data");
        var account = data.GetProperty("account");
        account.GetProperty("id").GetGuid().ShouldBe(accountId);
        account.GetProperty("carrier").GetString().ShouldBe("usps");
        account.GetProperty("nickname").GetString().ShouldBe("Main Warehouse");
        account.GetProperty("state").GetString().ShouldBe("needs_reconnect");
        account.GetProperty("state_reason").GetString().ShouldNotBeNullOrEmpty();
        account.GetProperty("state_reason_code").ValueKind.ShouldBeOneOf(JsonValueKind.String, JsonValueKind.Null);
        data.GetProperty("reconnect_url").GetString().ShouldBe(new Uri(Stack.WebUrl, $"settings/carriers/usps/accounts/{accountId}/reconnect").ToString());
        data.GetProperty("occurred_at").GetDateTimeOffset().ShouldBe(broken.GetProperty("timestamp").GetDateTimeOffset());

        var fixedData = received[2].Json.GetProperty("data");
        fixedData.GetProperty("account").GetProperty("state").GetString().ShouldBe("connected");
        fixedData.GetProperty("account").GetProperty("state_reason").ValueKind.ShouldBe(JsonValueKind.Null);
        fixedData.GetProperty("reconnect_url").ValueKind.ShouldBe(JsonValueKind.Null);

        var log = await DeliveriesAsync(api, endpointId);
        log.Count.ShouldBe(3);
        log.ShouldAllBe(d => d.GetProperty("status").GetString() == "succeeded" && d.GetProperty("attempts").GetInt32() == 1);
        log.Select(d => d.GetProperty("webhook_id").GetString()).ShouldBe(received.Select(r => r.Id), ignoreOrder: true, "each under its webhook-id");
        var attempt = log.First(d => d.GetProperty("webhook_id").GetString() == received[2].Id).GetProperty("attempt_log").EnumerateArray().Single();
        attempt.GetProperty("status_code").GetInt32().ShouldBe(204);
        attempt.GetProperty("latency_ms").GetInt32().ShouldBeGreaterThanOrEqualTo(0);
    }

    [Fact]
    public async Task Failed_attempts_are_retried_on_the_spec_schedule_with_jitter_under_the_same_webhook_id()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.AnswerNext(new WebhookReceiver.Answer(500, Body: "Internal Server Error"), new WebhookReceiver.Answer(500), new WebhookReceiver.Answer(502),
            new WebhookReceiver.Answer(200, Body: "{\"ok\":true}"));
        var merchant = await Stack.CreateMerchantAsync();
        using var api = merchant.Api();
        var (endpointId, secret) = await CreateEndpointAsync(api, receiver.Url());
        var deliveryId = (await SendTestEventAsync(api, endpointId)).GetProperty("id").GetString()!;

        // Standard Webhooks' example schedule: immediately, then 5 s, 5 min, 30 min (each moved by up to a fifth).
        foreach (var (wait, attempts) in new[] { (TimeSpan.FromSeconds(5), 1), (TimeSpan.FromMinutes(5), 2), (TimeSpan.FromMinutes(30), 3) })
        {
            await DeliverAsync();
            receiver.Received.Count.ShouldBe(attempts);
            var delivery = await DeliveryAsync(api, endpointId, deliveryId);
            delivery.GetProperty("status").GetString().ShouldBe("pending");
            var nextAt = At(delivery.GetProperty("next_attempt_at"));
            (nextAt - At(delivery.GetProperty("last_attempt_at"))).ShouldBeInRange(wait * 0.8 - TimeSpan.FromSeconds(1), wait * 1.2 + TimeSpan.FromSeconds(1));
            // Note: the test clock also runs in real time, so "not yet" is checked where the margin is minutes, not seconds.
            if (wait >= TimeSpan.FromMinutes(5))
            {
                Stack.Clock.Advance(nextAt - Now - TimeSpan.FromMinutes(1));
                await DeliverAsync();
                receiver.Received.Count.ShouldBe(attempts, "not before its time");
            }
            Stack.Clock.Advance(nextAt - Now + TimeSpan.FromSeconds(1));
        }
        await DeliverAsync();

        var received = receiver.Received;
        received.Count.ShouldBe(4);
        received.Select(r => r.Id).Distinct().ShouldHaveSingleItem("the webhook-id stays the same across retries");
        received.Select(r => r.Body).Distinct().ShouldHaveSingleItem();
        received.Select(r => r.Timestamp).Distinct().Count().ShouldBe(4, "each attempt is stamped with its own time");
        received[^1].VerifyFailure(secret, Now).ShouldBeNull();
        var done = await DeliveryAsync(api, endpointId, deliveryId);
        done.GetProperty("status").GetString().ShouldBe("succeeded");
        done.GetProperty("attempts").GetInt32().ShouldBe(4);
        done.GetProperty("next_attempt_at").ValueKind.ShouldBe(JsonValueKind.Null);
        var log = done.GetProperty("attempt_log").EnumerateArray().ToList();
        log.Select(a => a.GetProperty("status_code").GetInt32()).ShouldBe([500, 500, 502, 200]);
        log[0].GetProperty("response_excerpt").GetString().ShouldBe("Internal Server Error");
        log[^1].GetProperty("outcome").GetString().ShouldBe("succeeded");
        (await EndpointAsync(api, endpointId)).GetProperty("failing_since").ValueKind.ShouldBe(JsonValueKind.Null, "a success ends the run of failures");
    }

    [Fact]
    public async Task A_Retry_After_longer_than_the_planned_wait_is_honoured()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.AnswerNext(new WebhookReceiver.Answer(503, RetryAfter: "120"));
        var merchant = await Stack.CreateMerchantAsync();
        using var api = merchant.Api();
        var (endpointId, _) = await CreateEndpointAsync(api, receiver.Url());
        await SendTestEventAsync(api, endpointId);
        await DeliverAsync();

        Stack.Clock.Advance(TimeSpan.FromSeconds(10));
        await DeliverAsync();
        receiver.Received.Count.ShouldBe(1, "the receiver asked for 120 s, longer than the schedule's 5 s");
        Stack.Clock.Advance(TimeSpan.FromSeconds(111));
        await DeliverAsync();

        receiver.Received.Count.ShouldBe(2);
        (await DeliveriesAsync(api, endpointId)).Single().GetProperty("status").GetString().ShouldBe("succeeded");
    }

    [Fact]
    public async Task A_410_Gone_turns_the_endpoint_off_stops_what_was_waiting_and_mails_the_merchants_users()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var merchant = await Stack.CreateMerchantAsync();
        using var api = merchant.Api();
        var (gone, _) = await CreateEndpointAsync(api, receiver.Url("gone"));
        var (other, _) = await CreateEndpointAsync(api, receiver.Url("other"));
        receiver.AnswerNext(new WebhookReceiver.Answer(500));
        var waiting = (await SendTestEventAsync(api, gone)).GetProperty("id").GetString()!;
        await DeliverAsync();
        receiver.AnswerNext(new WebhookReceiver.Answer(410));
        await SendTestEventAsync(api, gone);
        await DeliverAsync();

        var endpoint = await EndpointAsync(api, gone);
        endpoint.GetProperty("enabled").GetBoolean().ShouldBeFalse();
        endpoint.GetProperty("disabled_reason").GetString().ShouldBe("gone");
        (await DeliveriesAsync(api, gone)).ShouldAllBe(d => d.GetProperty("status").GetString() == "failed");
        (await DeliveryAsync(api, gone, waiting)).GetProperty("next_attempt_at").ValueKind.ShouldBe(JsonValueKind.Null, "the retry that was waiting is dropped");
        var refused = await api.PostAsync($"/api/v1/webhook-endpoints/{gone}/test", null);
        refused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("webhook-endpoint-disabled");
        Stack.Clock.Advance(TimeSpan.FromMinutes(10));
        await DeliverAsync();
        receiver.At("gone").Count.ShouldBe(2, "nothing more is sent to it");
        (await EndpointAsync(api, other)).GetProperty("enabled").GetBoolean().ShouldBeTrue();

        var mail = Stack.MailTo(merchant.Email).ShouldHaveSingleItem();
        mail.Subject.ShouldBe("CarrierLink stopped sending webhooks to 127.0.0.1");
        mail.TextBody!.ShouldContain("410 Gone");
        mail.TextBody!.ShouldContain(new Uri(Stack.WebUrl, $"settings/webhooks/{gone}").ToString());
    }

    [Fact]
    public async Task An_endpoint_failing_for_five_days_is_turned_off_and_the_merchants_users_are_mailed_once()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Otherwise = new(500);
        var merchant = await Stack.CreateMerchantAsync();
        using var api = merchant.Api();
        var (endpointId, _) = await CreateEndpointAsync(api, receiver.Url());
        await SendTestEventAsync(api, endpointId);
        await DeliverAsync();
        var failingSince = At((await EndpointAsync(api, endpointId)).GetProperty("failing_since"));

        Stack.Clock.Advance(TimeSpan.FromDays(4));
        await DeliverAsync();
        (await EndpointAsync(api, endpointId)).GetProperty("enabled").GetBoolean().ShouldBeTrue("four days of failures are not yet enough");
        await SendTestEventAsync(api, endpointId);
        Stack.Clock.Advance(TimeSpan.FromDays(1));
        await DeliverAsync();
        await DeliverAsync();

        var endpoint = await EndpointAsync(api, endpointId);
        endpoint.GetProperty("enabled").GetBoolean().ShouldBeFalse();
        endpoint.GetProperty("disabled_reason").GetString().ShouldBe("failing");
        At(endpoint.GetProperty("failing_since")).ShouldBe(failingSince);
        var mail = Stack.MailTo(merchant.Email).ShouldHaveSingleItem();
        mail.TextBody!.ShouldContain("failed for 5 days");
        mail.HtmlBody!.ShouldContain("settings/webhooks/");
    }

    [Fact]
    public async Task Finished_deliveries_leave_the_log_with_their_attempts_after_thirty_days_and_one_being_retried_stays()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var merchant = await Stack.CreateMerchantAsync();
        using var api = merchant.Api();
        var (endpointId, _) = await CreateEndpointAsync(api, receiver.Url());
        var finished = Guid.Parse((await SendTestEventAsync(api, endpointId)).GetProperty("id").GetString()!);
        var sentAgain = (await SendTestEventAsync(api, endpointId)).GetProperty("id").GetString()!;
        await DeliverAsync();

        Stack.Clock.Advance(TimeSpan.FromDays(29));
        receiver.Otherwise = new WebhookReceiver.Answer(500);
        (await api.PostAsync($"/api/v1/webhook-endpoints/{endpointId}/deliveries/{sentAgain}/resend", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await DeliverAsync();
        (await DeliveriesAsync(api, endpointId)).Count.ShouldBe(2);
        Stack.Clock.Advance(TimeSpan.FromDays(2));
        await DeliverAsync();

        (await DeliveriesAsync(api, endpointId)).Select(d => d.GetProperty("id").GetString()).ShouldBe([sentAgain], "the one being retried stays");
        (await Stack.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(
            db.WebhookAttempts, a => a.DeliveryId == finished))).ShouldBe(0, "its attempts went with it");
    }

    [Fact]
    public async Task During_a_rotation_both_secrets_sign_until_the_grace_period_ends()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var merchant = await Stack.CreateMerchantAsync();
        using var api = merchant.Api();
        var (endpointId, oldSecret) = await CreateEndpointAsync(api, receiver.Url());
        var rotated = await api.PostAsJsonAsync($"/api/v1/webhook-endpoints/{endpointId}/rotate-secret", new { grace_hours = 1 });
        rotated.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await rotated.Content.ReadFromJsonAsync<JsonElement>();
        var newSecret = body.GetProperty("secret").GetString()!;
        newSecret.ShouldNotBe(oldSecret);
        At(body.GetProperty("endpoint").GetProperty("previous_secret_expires_at")).ShouldBe(Now.AddHours(1), TimeSpan.FromSeconds(5));

        await SendTestEventAsync(api, endpointId);
        await DeliverAsync();
        var during = receiver.Received.Single();
        StandardWebhooksVerifier.Signatures(during.Signature).Count.ShouldBe(2);
        during.VerifyFailure(newSecret, Now).ShouldBeNull("a receiver that switched already");
        during.VerifyFailure(oldSecret, Now).ShouldBeNull("a receiver that has not switched yet");

        Stack.Clock.Advance(TimeSpan.FromMinutes(61));
        await SendTestEventAsync(api, endpointId);
        await DeliverAsync();
        var after = receiver.Received[^1];
        StandardWebhooksVerifier.Signatures(after.Signature).Count.ShouldBe(1);
        after.VerifyFailure(newSecret, Now).ShouldBeNull();
        after.VerifyFailure(oldSecret, Now).ShouldNotBeNull("the old secret stopped signing when its grace period ended");
    }
}

public sealed class WebhookDeliveryOnSqliteTests(SqliteStack fixture) : WebhookDeliveryTests(fixture), IClassFixture<SqliteStack>;

public sealed class WebhookDeliveryOnPostgresTests(PostgresStack fixture) : WebhookDeliveryTests(fixture), IClassFixture<PostgresStack>;

/// <summary>A well-formed secret nobody was given.</summary>
internal static class WebhookSigningSecrets
{
    public static readonly string Another = "whsec_" + Convert.ToBase64String(new byte[32]);
}
