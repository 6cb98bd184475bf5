using System.Net;
using CarrierLink.Tests.Support;
using CarrierLink.Web.Notifications;
using Shouldly;

namespace CarrierLink.Tests.Notifications.Webhooks;

/// <summary>
/// Settings > Webhooks as a person uses it: add an endpoint (its secret shows once), send a test event, read the
/// delivery log and send again, change the events, turn it off, rotate the secret, delete it; bad input is a friendly page.
/// </summary>
public abstract class WebhookPagesTests(StackFixture fixture) : WebhookTestBase(fixture)
{
    [Fact]
    public async Task Adding_an_endpoint_shows_its_secret_once_and_a_test_event_reaches_it_signed_with_that_secret()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var merchant = await Stack.CreateMerchantAsync();
        using var browser = await merchant.SignedInBrowserAsync();
        var settings = await browser.GetAsync("/settings");
        var page = await browser.FollowLinkAsync(settings, "Webhooks");
        page.Heading.ShouldBe("Webhooks");

        var added = await browser.SubmitAsync(page, "form[action*='Create']",
            new() { ["url"] = receiver.Url().ToString(), ["description"] = "Order system" }, "Add endpoint");

        added.Status.ShouldBe(HttpStatusCode.OK);
        var secret = added.Document.QuerySelector(".new-webhook-secret").ShouldNotBeNull().TextContent.Trim();
        secret.ShouldStartWith("whsec_");
        added.Document.QuerySelector("table.webhook-endpoints").ShouldNotBeNull().TextContent.ShouldContain("All events");
        var list = await browser.GetAsync("/settings/webhooks");
        list.Text.ShouldContain(receiver.Url().ToString());
        list.Text.ShouldNotContain(secret, Case.Sensitive, "shown only once");

        var endpointPage = await browser.FollowLinkAsync(list, receiver.Url().ToString());
        endpointPage.Text.ShouldContain("Nothing sent yet");
        var queued = await browser.SubmitAsync(endpointPage, "form[action*='Test']", new(), "Send a test event");
        queued.Text.ShouldContain("A test event is on its way");
        await DeliverAsync();

        var webhook = receiver.Received.ShouldHaveSingleItem();
        webhook.Type.ShouldBe("webhook.test");
        webhook.VerifyFailure(secret, Now).ShouldBeNull();
        var log = await browser.GetAsync(endpointPage.Url);
        var row = log.Document.QuerySelectorAll("tr[data-delivery]").ShouldHaveSingleItem();
        row.TextContent.ShouldContain("Delivered");
        row.TextContent.ShouldContain("1 attempt, last answer 204");
        row.TextContent.ShouldContain(webhook.Id!);
    }

    [Fact]
    public async Task The_delivery_log_sends_a_failed_event_now_and_a_delivered_one_again_with_the_same_webhook_id()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.AnswerNext(new WebhookReceiver.Answer(500, Body: "we are down"));
        var merchant = await Stack.CreateMerchantAsync();
        using var api = merchant.Api();
        var (endpointId, _) = await CreateEndpointAsync(api, receiver.Url());
        await SendTestEventAsync(api, endpointId);
        await DeliverAsync();
        using var browser = await merchant.SignedInBrowserAsync();

        var log = await browser.GetAsync($"/settings/webhooks/{endpointId}");
        var row = log.Document.QuerySelectorAll("tr[data-delivery]").ShouldHaveSingleItem();
        row.TextContent.ShouldContain("Waiting");
        row.TextContent.ShouldContain("answered 500 (failed)");
        row.TextContent.ShouldContain("we are down");
        var now = await browser.SubmitAsync(log, "form[action*='Resend']", new(), $"Send now {receiver.Received[0].Id}");
        now.Text.ShouldContain("The event is on its way again");
        await DeliverAsync();
        var delivered = await browser.GetAsync($"/settings/webhooks/{endpointId}");
        delivered.Document.QuerySelector("tr[data-delivery]")!.TextContent.ShouldContain("Delivered");
        await browser.SubmitAsync(delivered, "form[action*='Resend']", new(), $"Send again {receiver.Received[0].Id}");
        await DeliverAsync();

        receiver.Received.Count.ShouldBe(3);
        receiver.Received.Select(r => r.Id).Distinct().ShouldHaveSingleItem();
    }

    [Fact]
    public async Task The_endpoint_page_changes_the_events_turns_it_off_rotates_the_secret_and_deletes_it()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var merchant = await Stack.CreateMerchantAsync();
        using var api = merchant.Api();
        var (endpointId, oldSecret) = await CreateEndpointAsync(api, receiver.Url());
        using var browser = await merchant.SignedInBrowserAsync();
        var page = await browser.GetAsync($"/settings/webhooks/{endpointId}");

        var saved = await browser.PostFormAsync(page.Document.QuerySelector("form[action*='Save']")!.GetAttribute("action")!, new()
        {
            ["__RequestVerificationToken"] = Token(page),
            ["url"] = receiver.Url("v2").ToString(),
            ["description"] = "Warehouse tool",
            ["eventTypes"] = NotificationEvents.NeedsReconnect,
        });
        saved.Text.ShouldContain("Saved.");
        var endpoint = await EndpointAsync(api, endpointId);
        endpoint.GetProperty("url").GetString().ShouldBe(receiver.Url("v2").ToString());
        endpoint.GetProperty("event_types").EnumerateArray().Select(t => t.GetString()).ShouldBe([NotificationEvents.NeedsReconnect]);
        endpoint.GetProperty("enabled").GetBoolean().ShouldBeFalse("the box was left unticked");
        saved.Text.ShouldContain("Off");

        var rotated = await browser.SubmitAsync(saved, "form[action*='Rotate']", new(), "Rotate secret");
        var newSecret = rotated.Document.QuerySelector(".new-webhook-secret").ShouldNotBeNull().TextContent.Trim();
        newSecret.ShouldNotBe(oldSecret);
        rotated.Text.ShouldContain("The old secret keeps signing beside it until");
        (await browser.GetAsync($"/settings/webhooks/{endpointId}")).Text.ShouldNotContain(newSecret, Case.Sensitive);

        var deleted = await browser.SubmitAsync(rotated, "form[action*='Delete']", new(), "Delete endpoint");
        deleted.Url.AbsolutePath.ShouldBe("/settings/webhooks");
        deleted.Text.ShouldContain("is deleted");
        (await browser.GetAsync($"/settings/webhooks/{endpointId}")).Status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_bad_url_or_no_events_is_a_friendly_page_naming_the_field()
    {
        var merchant = await Stack.CreateMerchantAsync();
        using var browser = await merchant.SignedInBrowserAsync();
        var page = await browser.GetAsync("/settings/webhooks");

        var refused = await browser.SubmitAsync(page, "form[action*='Create']", new() { ["url"] = "http://hooks.example.com/plain" }, "Add endpoint");
        refused.Status.ShouldBe(HttpStatusCode.BadRequest);
        refused.Document.QuerySelector("#new-url-error").ShouldNotBeNull().TextContent.ShouldStartWith("The URL must be https");
        refused.Document.QuerySelector("#new-url")!.GetAttribute("value").ShouldBe("http://hooks.example.com/plain", "what was typed stays");

        var noEvents = await browser.PostFormAsync(page.Document.QuerySelector("form[action*='Create']")!.GetAttribute("action")!, new()
        {
            ["__RequestVerificationToken"] = Token(page),
            ["url"] = "https://hooks.example.com/x",
        });
        noEvents.Status.ShouldBe(HttpStatusCode.BadRequest);
        noEvents.Document.QuerySelector("#new-events-error").ShouldNotBeNull().TextContent.ShouldContain("Choose at least one event");
        (await browser.GetAsync("/settings/webhooks")).Text.ShouldContain("No endpoints yet");
    }

    [Fact]
    public async Task Another_merchants_endpoint_page_is_not_found()
    {
        var owner = await Stack.CreateMerchantAsync();
        using var ownerApi = owner.Api();
        var (endpointId, _) = await CreateEndpointAsync(ownerApi, new Uri("https://hooks.example.com/owner"));
        var other = await Stack.CreateMerchantAsync();
        using var browser = await other.SignedInBrowserAsync();

        var page = await browser.GetAsync($"/settings/webhooks/{endpointId}");
        page.Status.ShouldBe(HttpStatusCode.NotFound);
        page.Heading.ShouldBe("We could not find that page");
        var own = await browser.GetAsync("/settings/webhooks");
        (await browser.PostFormAsync($"/settings/webhooks/{endpointId}?handler=Delete", new() { ["__RequestVerificationToken"] = Token(own) }))
            .Status.ShouldBe(HttpStatusCode.NotFound);
        (await EndpointAsync(ownerApi, endpointId)).GetProperty("enabled").GetBoolean().ShouldBeTrue();
    }

    private static string Token(BrowserPage page) =>
        page.Document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
}

public sealed class WebhookPagesOnSqliteTests(SqliteStack fixture) : WebhookPagesTests(fixture), IClassFixture<SqliteStack>;

public sealed class WebhookPagesOnPostgresTests(PostgresStack fixture) : WebhookPagesTests(fixture), IClassFixture<PostgresStack>;
