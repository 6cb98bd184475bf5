using System.Net;
using System.Net.Http.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using CarrierLink.Tests.Support;
using CarrierLink.Web.Data;
using CarrierLink.Web.Health;
using CarrierLink.Web.Merchants;
using CarrierLink.Web.Notifications;
using CarrierLink.Web.Notifications.Email;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using Shouldly;

namespace CarrierLink.Tests.Notifications.Email;

/// <summary>
/// Issue 14, email: the merchant's users hear about a break once, with a Reconnect link that leads through sign-in to the
/// reconnect, and again when it is fixed; each user's preferences, daily digest and one-click unsubscribe are honoured.
/// Mail lands in the stack's pickup folder here (no SMTP server); <see cref="EmailOverSmtpTests"/> sends over SMTP. The
/// sandbox runs on the test's clock too, so the health engine's expiry warnings come when the clock says.
/// </summary>
public abstract class EmailNotificationTests(StackFixture fixture)
{
    private static readonly string[] Breaks = [NotificationEvents.NeedsReconnect, NotificationEvents.SupportRequired, NotificationEvents.Suspended];

    private TestStack Stack => fixture.Stack;

    [Fact]
    public async Task A_break_is_one_mail_in_plain_text_and_HTML_however_many_operations_fail_on_it()
    {
        var (merchant, _, accountId) = await BrokenUspsAsync("Main Warehouse", failedOperations: 3);
        await RunNotificationsAsync();
        using var api = merchant.Api();
        (await api.PostAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/rates", ShippingBodies.Rates)).StatusCode.ShouldBe(HttpStatusCode.FailedDependency);
        await RunNotificationsAsync();

        var mail = Stack.MailTo(merchant.Email).ShouldHaveSingleItem("one mail per break, none per failed operation");
        mail.Subject.ShouldBe("Your USPS account Main Warehouse needs reconnecting");
        var reconnect = $"{Stack.WebUrl}settings/carriers/usps/accounts/{accountId}/reconnect";
        mail.TextBody!.ShouldStartWith("Your USPS account Main Warehouse needs reconnecting");
        mail.TextBody!.ShouldContain($"Reconnect: {reconnect}");
        mail.HtmlBody!.ShouldNotBeNull();
        LinksOf(mail)["Reconnect"].ShouldBe(reconnect);
        LinksOf(mail)["Stop these mails"].ShouldStartWith($"{Stack.WebUrl}settings/notifications/unsubscribe?token=");
        mail.TextBody!.ShouldContain($"Stop these mails: {LinksOf(mail)["Stop these mails"]}");
        mail.Headers["List-Unsubscribe"].ShouldBe($"<{LinksOf(mail)["Stop these mails"]}>");
        mail.Headers["List-Unsubscribe-Post"].ShouldBe("List-Unsubscribe=One-Click");
    }

    [Fact]
    public async Task The_Reconnect_link_leads_through_sign_in_to_the_reconnect_page_and_the_fix_is_mailed_too()
    {
        var (merchant, customer, accountId) = await BrokenUspsAsync("Main Warehouse");
        await RunNotificationsAsync();
        var link = LinksOf(Stack.MailTo(merchant.Email).ShouldHaveSingleItem())["Reconnect"];

        using var browser = new Browser(Stack.WebUrl);
        var login = await browser.GetAsync(new Uri(link));
        login.Url.AbsolutePath.ShouldBe("/login");
        var reconnectPage = await browser.SubmitAsync(login, "form", new() { ["email"] = merchant.Email, ["password"] = merchant.Password }, "Sign in");
        reconnectPage.Url.ToString().ShouldBe(link);
        reconnectPage.Heading.ShouldBe("Reconnect Main Warehouse");
        var back = await UspsSite.AuthorizeAndReturnAsync(browser, await browser.SubmitAsync(reconnectPage, "form", new(), "Reconnect"), customer);
        back.Heading.ShouldBe("Your USPS account is reconnected");
        await RunNotificationsAsync();

        var mails = Stack.MailTo(merchant.Email);
        mails.Count.ShouldBe(2);
        mails[1].Subject.ShouldBe("Your USPS account Main Warehouse is reconnected");
        mails[1].TextBody!.ShouldContain($"View account: {Stack.WebUrl}settings/carriers/usps/accounts/{accountId}");
        LinksOf(mails[1])["View account"].ShouldBe($"{Stack.WebUrl}settings/carriers/usps/accounts/{accountId}");
    }

    [Fact]
    public async Task Each_user_of_the_merchant_gets_what_their_own_preferences_ask_for()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var colleague = await AddColleagueAsync(merchant);
        using var browser = await merchant.SignedInBrowserAsync();
        var settings = await browser.GetAsync("/settings/notifications");
        settings.Heading.ShouldBe("Email notifications");
        CheckedTypes(settings).ShouldBe(EmailChoices.Defaults.On, ignoreOrder: true, "a new user hears about breaks, fixes, expiry, support and webhooks");
        settings.Document.QuerySelector<IHtmlInputElement>("input[name=delivery][value=single]")!.IsChecked.ShouldBeTrue();

        foreach (var box in settings.Document.QuerySelectorAll<IHtmlInputElement>("input[type=checkbox]").Where(b => Breaks.Contains(b.Name)))
            box.IsChecked = false;
        var saved = await browser.SubmitAsync(settings, "#email-preferences", new(), "Save email settings");
        saved.Status.ShouldBe(HttpStatusCode.OK);
        saved.Document.QuerySelector("[role=status]")!.TextContent.ShouldStartWith("Saved.");
        CheckedTypes(await browser.GetAsync("/settings/notifications")).ShouldBe(EmailChoices.Defaults.On.Except(Breaks), ignoreOrder: true);

        var customer = await Stack.CreateUspsCustomerAsync();
        var accountId = await merchant.ConnectUspsAsync(customer, "Dock 4");
        await BreakAsync(merchant, customer, accountId);
        await RunNotificationsAsync();
        Stack.MailTo(merchant.Email).ShouldBeEmpty("this user turned breaks off");
        Stack.MailTo(colleague).ShouldHaveSingleItem().Subject.ShouldBe("Your USPS account Dock 4 needs reconnecting");

        await ReconnectAsync(browser, accountId, customer);
        await RunNotificationsAsync();
        Stack.MailTo(merchant.Email).ShouldHaveSingleItem().Subject.ShouldBe("Your USPS account Dock 4 is reconnected");
        Stack.MailTo(colleague).Select(m => m.Subject).ShouldBe(["Your USPS account Dock 4 needs reconnecting", "Your USPS account Dock 4 is reconnected"]);
    }

    [Fact]
    public async Task The_preferences_page_answers_a_choice_it_does_not_offer_with_a_friendly_message()
    {
        var merchant = await Stack.CreateMerchantAsync();
        using var browser = await merchant.SignedInBrowserAsync();
        var settings = await browser.GetAsync("/settings/notifications");

        var weekly = await browser.SubmitAsync(settings, "#email-preferences", new() { ["delivery"] = "weekly" }, "Save email settings");
        weekly.Status.ShouldBe(HttpStatusCode.BadRequest);
        weekly.Document.QuerySelector("[role=alert]")!.TextContent.ShouldContain("Choose how the mails come");
        var garbled = await browser.SubmitAsync(settings, "#email-preferences", new() { [NotificationEvents.Suspended] = "maybe" }, "Save email settings");
        garbled.Status.ShouldBe(HttpStatusCode.BadRequest);
        garbled.Document.QuerySelector("[role=alert]")!.TextContent.ShouldContain("\"A carrier suspends an account\" is either ticked or not");
        CheckedTypes(garbled).ShouldBe(EmailChoices.Defaults.On, ignoreOrder: true, "nothing was saved");
    }

    [Fact]
    public async Task A_user_who_chose_the_daily_digest_gets_the_days_changes_in_one_mail_at_the_digest_hour()
    {
        var merchant = await Stack.CreateMerchantAsync();
        using var browser = await merchant.SignedInBrowserAsync();
        var saved = await browser.SubmitAsync(await browser.GetAsync("/settings/notifications"), "#email-preferences", new() { ["delivery"] = "digest" },
            "Save email settings");
        saved.Document.QuerySelector("[role=status]")!.TextContent.ShouldBe("Saved. Your mails come together once a day at 07:00 UTC.");
        var customer = await Stack.CreateUspsCustomerAsync();
        var accountId = await merchant.ConnectUspsAsync(customer, "Night Shift");
        await BreakAsync(merchant, customer, accountId);
        await RunNotificationsAsync();
        await ReconnectAsync(browser, accountId, customer);
        await RunNotificationsAsync();
        Stack.MailTo(merchant.Email).ShouldBeEmpty("the day's changes wait for the digest hour");

        var options = Stack.Services.GetRequiredService<IOptions<EmailNotificationOptions>>().Value;
        var now = Stack.Clock.GetUtcNow().UtcDateTime;
        var digestAt = options.NextDigestAfter(now);
        digestAt.Hour.ShouldBe(7);
        Stack.Clock.Advance(digestAt - now - TimeSpan.FromMinutes(1));
        await RunNotificationsAsync();
        Stack.MailTo(merchant.Email).ShouldBeEmpty();
        Stack.Clock.Advance(TimeSpan.FromMinutes(2));
        await RunNotificationsAsync();
        await RunNotificationsAsync();

        var digest = Stack.MailTo(merchant.Email).ShouldHaveSingleItem();
        digest.Subject.ShouldBe("CarrierLink daily digest: 2 connection changes");
        var broken = digest.TextBody!.IndexOf("Your USPS account Night Shift needs reconnecting", StringComparison.Ordinal);
        var fixedAt = digest.TextBody!.IndexOf("Your USPS account Night Shift is reconnected", StringComparison.Ordinal);
        broken.ShouldBeGreaterThan(0);
        fixedAt.ShouldBeGreaterThan(broken, "oldest first");
        digest.HtmlBody!.ShouldContain("Your USPS account Night Shift needs reconnecting");
        digest.HtmlBody!.ShouldContain("Your USPS account Night Shift is reconnected");
        LinksOf(digest)["Reconnect"].ShouldBe($"{Stack.WebUrl}settings/carriers/usps/accounts/{accountId}/reconnect");
        digest.Headers["List-Unsubscribe"].ShouldStartWith($"<{Stack.WebUrl}settings/notifications/unsubscribe?token=");
    }

    [Fact]
    public async Task The_unsubscribe_link_works_without_signing_in_and_turns_that_kind_of_mail_off_until_turned_back_on()
    {
        var (merchant, _, _) = await BrokenUspsAsync("Front");
        await RunNotificationsAsync();
        var mail = Stack.MailTo(merchant.Email).ShouldHaveSingleItem();
        var userId = await Stack.WithDbAsync(db => db.Users.Where(u => u.Email == merchant.Email).Select(u => u.Id).SingleAsync());

        using var stranger = new Browser(Stack.WebUrl);
        var page = await stranger.GetAsync(new Uri(LinksOf(mail)["Stop these mails"]));
        page.Status.ShouldBe(HttpStatusCode.OK);
        page.Heading.ShouldBe("You are unsubscribed");
        page.Text.ShouldContain("An account needs reconnecting");
        var after = await ChoicesAsync(userId);
        after.Wants(NotificationEvents.NeedsReconnect).ShouldBeFalse();
        after.On.ShouldBe(EmailChoices.Defaults.On.Except([NotificationEvents.NeedsReconnect]), ignoreOrder: true, "only that kind is off");

        var customer = await Stack.CreateUspsCustomerAsync();
        var second = await merchant.ConnectUspsAsync(customer, "Back");
        await BreakAsync(merchant, customer, second);
        await RunNotificationsAsync();
        Stack.MailTo(merchant.Email).Count.ShouldBe(1, "no mail for the second break");

        var again = await stranger.SubmitAsync(page, "form", new(), "Turn them back on");
        again.Heading.ShouldBe("These mails are back on");
        (await ChoicesAsync(userId)).Wants(NotificationEvents.NeedsReconnect).ShouldBeTrue();

        // A mail program's one-click unsubscribe (RFC 8058) posts to the List-Unsubscribe address.
        using var client = new HttpClient();
        var header = mail.Headers["List-Unsubscribe"]!.Trim('<', '>');
        using var oneClick = await client.PostAsync(header, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        oneClick.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await ChoicesAsync(userId)).Wants(NotificationEvents.NeedsReconnect).ShouldBeFalse();

        var tampered = await stranger.GetAsync(header[..^6] + "AAAAAA");
        tampered.Status.ShouldBe(HttpStatusCode.BadRequest);
        tampered.Heading.ShouldBe("This unsubscribe link does not work");
        (await stranger.GetAsync("/settings/notifications/unsubscribe")).Status.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Support_request_updates_are_mailed_from_the_break_to_the_close()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var customer = await Stack.CreateStampsCustomerAsync();
        var accountId = await merchant.ConnectOneBalanceAsync(customer, "ups_one_balance", "UPS Dock");
        (await Stack.Control.PostAsJsonAsync($"/_control/customers/stamps/{customer.Username}/password", new { password = "Reset At Stamps 5" }))
            .EnsureSuccessStatusCode();
        using var api = merchant.Api();
        (await api.PostAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/rates", ShippingBodies.Rates)).StatusCode.ShouldBe(HttpStatusCode.FailedDependency);
        await RunNotificationsAsync();
        var broken = Stack.MailTo(merchant.Email).ShouldHaveSingleItem();
        broken.Subject.ShouldBe("Your UPS One Balance account UPS Dock needs Customer Service to reconnect it");
        LinksOf(broken)["Request help"].ShouldBe($"{Stack.WebUrl}settings/one-balance/{accountId}/support");

        using var browser = await merchant.SignedInBrowserAsync();
        var help = await browser.GetAsync(new Uri(LinksOf(broken)["Request help"]));
        await browser.SubmitAsync(help, "form", new() { ["newPassword"] = "Reset At Stamps 5" }, "Request help");
        await RunNotificationsAsync();
        Stack.MailTo(merchant.Email)[^1].Subject.ShouldBe("Customer Service is asked to reconnect your UPS One Balance account UPS Dock");

        using var agent = await Stack.SignedInAgentAsync();
        var requestId = await Stack.WithDbAsync(db => db.SupportRequests.Where(r => r.AccountId == accountId).Select(r => r.Id).SingleAsync());
        await agent.SubmitAsync(await agent.GetAsync("/support"), $"#reconnect-{requestId}", new(), "Reconnect with the password the merchant gave");
        await RunNotificationsAsync();

        Stack.MailTo(merchant.Email).Skip(2).Select(m => m.Subject).ShouldBe(
            ["Your UPS One Balance account UPS Dock is reconnected", "The support request for your UPS One Balance account UPS Dock is closed"],
            ignoreOrder: true);
    }

    [Fact]
    public async Task An_expiry_warning_is_mailed_once_per_warning_with_a_Reconnect_link()
    {
        // Accounts of earlier tests leave the due-queue, so the engine's cycles see only this test's.
        await Stack.WithDbAsync(db => db.CarrierAccounts.ExecuteUpdateAsync(a => a.SetProperty(x => x.NextDueAt, (DateTime?)null)));
        var merchant = await Stack.CreateMerchantAsync();
        var customer = await Stack.CreateUspsCustomerAsync();
        var accountId = await merchant.ConnectUspsAsync(customer, "Seasonal");
        var engine = Stack.Services.GetRequiredService<HealthEngine>();
        await engine.RunUntilIdleAsync(CancellationToken.None);

        // USPS grants end 7 days after consent: 4 days and an hour in, less than 3 days are left.
        Stack.Clock.Advance(TimeSpan.FromDays(4) + TimeSpan.FromHours(1));
        await engine.RunUntilIdleAsync(CancellationToken.None);
        await RunNotificationsAsync();
        Stack.Clock.Advance(TimeSpan.FromHours(2));
        await engine.RunUntilIdleAsync(CancellationToken.None);
        await RunNotificationsAsync();

        var warning = Stack.MailTo(merchant.Email).ShouldHaveSingleItem();
        warning.Subject.ShouldBe("Your USPS account Seasonal needs reconnecting soon");
        warning.TextBody!.ShouldContain("USPS sign-in for this account ends in 3 days");
        LinksOf(warning)["Reconnect"].ShouldBe($"{Stack.WebUrl}settings/carriers/usps/accounts/{accountId}/reconnect");
    }

    [Fact]
    public async Task A_disabled_webhook_endpoint_is_mailed_once_through_the_method_the_webhooks_feature_calls()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var endpointId = Guid.NewGuid();
        var disabledAt = Stack.Clock.GetUtcNow().UtcDateTime;
        for (var i = 0; i < 2; i++)
        {
            await using var scope = Stack.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<MerchantEmails>().QueueWebhookEndpointDisabledAsync(
                merchant.Id, endpointId, "https://hooks.example.test/carrierlink", "It failed every delivery for 5 days (last answer: HTTP 500).", disabledAt,
                CancellationToken.None);
            await scope.ServiceProvider.GetRequiredService<CarrierLinkDb>().SaveChangesAsync();
        }
        await RunNotificationsAsync();

        var mail = Stack.MailTo(merchant.Email).ShouldHaveSingleItem();
        mail.Subject.ShouldBe("Your webhook endpoint https://hooks.example.test/carrierlink is disabled");
        mail.TextBody!.ShouldContain("It failed every delivery for 5 days (last answer: HTTP 500).");
        LinksOf(mail)["Webhook settings"].ShouldBe($"{Stack.WebUrl}settings/webhooks");
    }

    private Task RunNotificationsAsync() => NotificationWorker.RunUntilIdleAsync(Stack.Services, CancellationToken.None);

    private async Task<(TestMerchant Merchant, SandboxCustomer Customer, Guid AccountId)> BrokenUspsAsync(string nickname, int failedOperations = 1)
    {
        var merchant = await Stack.CreateMerchantAsync();
        var customer = await Stack.CreateUspsCustomerAsync();
        var accountId = await merchant.ConnectUspsAsync(customer, nickname);
        await BreakAsync(merchant, customer, accountId, failedOperations);
        return (merchant, customer, accountId);
    }

    private async Task BreakAsync(TestMerchant merchant, SandboxCustomer customer, Guid accountId, int failedOperations = 1)
    {
        await Stack.RevokeGrantInstantlyAsync(customer);
        using var api = merchant.Api();
        for (var i = 0; i < failedOperations; i++)
            (await api.PostAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/rates", ShippingBodies.Rates)).StatusCode.ShouldBe(HttpStatusCode.FailedDependency);
    }

    private static async Task ReconnectAsync(Browser browser, Guid accountId, SandboxCustomer customer)
    {
        var page = await browser.GetAsync($"/settings/carriers/usps/accounts/{accountId}/reconnect");
        var back = await UspsSite.AuthorizeAndReturnAsync(browser, await browser.SubmitAsync(page, "form", new(), "Reconnect"), customer);
        back.Heading.ShouldBe("Your USPS account is reconnected");
    }

    /// <summary>A second person at the merchant (no sign-in needed here: they only read mail).</summary>
    private async Task<string> AddColleagueAsync(TestMerchant merchant)
    {
        var email = $"colleague-{Guid.NewGuid():N}@example.test";
        await Stack.WithDbAsync(async db =>
        {
            db.Users.Add(new User
            {
                MerchantId = merchant.Id, Email = email, NormalizedEmail = MerchantAccounts.NormalizeEmail(email), PasswordHash = "not-used",
                Role = UserRoles.Merchant, CreatedAt = db.UtcNow,
            });
            return await db.SaveChangesAsync();
        });
        return email;
    }

    private Task<EmailChoices> ChoicesAsync(Guid userId) => Stack.WithDbAsync(db => new UserEmailChoices(db).ForUserAsync(userId, CancellationToken.None));

    private static List<string> CheckedTypes(BrowserPage page) =>
        page.Document.QuerySelectorAll<IHtmlInputElement>("#email-preferences input[type=checkbox]").Where(b => b.IsChecked).Select(b => b.Name!).ToList();

    /// <summary>The HTML part's links by their text.</summary>
    private static Dictionary<string, string> LinksOf(MimeMessage mail) =>
        new HtmlParser().ParseDocument(mail.HtmlBody ?? "").QuerySelectorAll<IHtmlAnchorElement>("a")
            .GroupBy(a => a.TextContent.Trim()).ToDictionary(g => g.Key, g => g.First().GetAttribute("href")!);
}

public sealed class EmailNotificationsOnSqliteTests(HealthSqliteStack fixture) : EmailNotificationTests(fixture), IClassFixture<HealthSqliteStack>;

public sealed class EmailNotificationsOnPostgresTests(HealthPostgresStack fixture) : EmailNotificationTests(fixture), IClassFixture<HealthPostgresStack>;
