using System.Net;
using System.Net.Http.Json;
using AngleSharp.Dom;
using CarrierLink.Tests.Support;
using CarrierLink.Web.Data;
using CarrierLink.Web.Notifications;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace CarrierLink.Tests.Notifications.Notices;

/// <summary>
/// Issue 14, part 4: every connection event is one notice for the merchant; the bell on every page counts a user's
/// unread ones, /notices lists them newest first in the prompt's words with a link to the account (to the fix while a
/// break lasts) and marks them read; no other merchant ever sees them.
/// </summary>
public abstract class NoticesTests(StackFixture fixture)
{
    private TestStack Stack => fixture.Stack;

    [Fact]
    public async Task A_break_then_its_fix_are_two_notices_in_the_prompts_words_linking_to_the_fix_then_to_the_account()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var customer = await Stack.CreateUspsCustomerAsync();
        var accountId = await merchant.ConnectUspsAsync(customer, "Main Warehouse");
        await TellAsync();
        using var browser = await merchant.SignedInBrowserAsync();
        (await NoticesOnPageAsync(browser)).Count.ShouldBe(1, "the connection itself");

        await BreakUspsAsync(merchant, customer, accountId);
        await TellAsync();
        var broken = await NoticesOnPageAsync(browser);

        broken.Count.ShouldBe(2, "one notice for the break, none per failed operation");
        var brokenNotice = broken[0];
        Headline(brokenNotice).ShouldBe("Your USPS account Main Warehouse needs reconnecting");
        brokenNotice.QuerySelector(".notice-detail")!.TextContent.ShouldNotBeNullOrWhiteSpace("the break says why");
        Link(brokenNotice).ShouldBe($"/settings/carriers/usps/accounts/{accountId}/reconnect");
        brokenNotice.QuerySelector("time[datetime]").ShouldNotBeNull("when, through <local-time>");

        var signIn = await browser.SubmitAsync(await browser.GetAsync("/"), "form", new(), "Reconnect");
        var reconnected = await UspsSite.AuthorizeAndReturnAsync(browser, signIn, customer);
        reconnected.Heading.ShouldBe("Your USPS account is reconnected");
        await TellAsync();
        var fixedList = await NoticesOnPageAsync(browser);

        fixedList.Select(Headline).ShouldBe(
        [
            "Your USPS account Main Warehouse is reconnected",
            "Your USPS account Main Warehouse needs reconnecting",
            "Your USPS account Main Warehouse is connected",
        ], "newest first");
        fixedList.Select(Link).ShouldAllBe(href => href == $"/settings/carriers/usps/accounts/{accountId}",
            "a fixed break leads to the account, not to a reconnect");
        var types = await Stack.WithDbAsync(db =>
            db.Notices.Where(n => n.AccountId == accountId).OrderBy(n => n.OccurredAt).Select(n => n.Type).ToListAsync());
        types.ShouldBe([NotificationEvents.Connected, NotificationEvents.NeedsReconnect, NotificationEvents.Reconnected]);
    }

    [Fact]
    public async Task A_One_Balance_break_leads_to_the_One_Balance_reconnect_page()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var customer = await Stack.CreateStampsCustomerAsync();
        var accountId = await merchant.ConnectOneBalanceAsync(customer, nickname: "Front Desk");
        var changed = new { password = "Changed-Elsewhere-7" };
        (await Stack.Control.PostAsJsonAsync($"/_control/customers/stamps/{customer.Username}/password", changed)).EnsureSuccessStatusCode();
        using (var api = merchant.Api())
            (await api.PostAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/rates", ShippingBodies.Rates))
                .StatusCode.ShouldBe(HttpStatusCode.FailedDependency);
        await TellAsync();
        using var browser = await merchant.SignedInBrowserAsync();

        var top = (await NoticesOnPageAsync(browser))[0];

        Headline(top).ShouldBe("Your One Balance account Front Desk needs reconnecting");
        Link(top).ShouldBe($"/settings/one-balance/{accountId}/reconnect");
        (await browser.GetAsync(Link(top))).Heading.ShouldBe("Reconnect Front Desk");
    }

    [Fact]
    public async Task The_bell_on_every_page_counts_unread_notices_and_opening_the_notices_reads_them()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var customer = await Stack.CreateUspsCustomerAsync();
        var accountId = await merchant.ConnectUspsAsync(customer);
        await BreakUspsAsync(merchant, customer, accountId);
        await TellAsync();
        using var browser = await merchant.SignedInBrowserAsync();

        foreach (var path in new[] { "/", "/ship", "/settings", $"/settings/carriers/usps/accounts/{accountId}", "/account" })
        {
            var bell = Bell(await browser.GetAsync(path));
            bell.GetAttribute("aria-label").ShouldBe("Notices, 2 unread", path);
            bell.GetAttribute("href").ShouldBe("/notices");
            bell.QuerySelector(".notice-count")!.TextContent.Trim().ShouldBe("2");
        }
        var notices = await browser.GetAsync("/notices");

        notices.Heading.ShouldBe("Notices");
        notices.Document.QuerySelectorAll(".notice .notice-new").Length.ShouldBe(2, "both were new when opened");
        Bell(notices).GetAttribute("aria-label").ShouldBe("Notices", "opening the list read them");
        Bell(notices).GetAttribute("aria-current").ShouldBe("page");
        Bell(notices).QuerySelector(".notice-count").ShouldBeNull();
        notices.Document.QuerySelector(".notice-mark-all").ShouldBeNull("nothing unread is left out of the list");
        Bell(await browser.GetAsync("/")).GetAttribute("aria-label").ShouldBe("Notices");
        (await browser.GetAsync("/notices")).Document.QuerySelectorAll(".notice .notice-new").ShouldBeEmpty();
    }

    [Fact]
    public async Task One_user_reading_the_notices_leaves_them_unread_for_the_merchants_other_users()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var customer = await Stack.CreateUspsCustomerAsync();
        await merchant.ConnectUspsAsync(customer);
        var colleague = await AddUserAsync(merchant);
        await TellAsync();
        using var first = await merchant.SignedInBrowserAsync();
        using var second = await colleague.SignedInBrowserAsync();

        await first.GetAsync("/notices");

        Bell(await first.GetAsync("/")).GetAttribute("aria-label").ShouldBe("Notices");
        Bell(await second.GetAsync("/")).GetAttribute("aria-label").ShouldBe("Notices, 1 unread");
    }

    [Fact]
    public async Task Another_merchant_and_a_support_agent_never_see_them()
    {
        var owner = await Stack.CreateMerchantAsync();
        var customer = await Stack.CreateUspsCustomerAsync();
        var accountId = await owner.ConnectUspsAsync(customer, "Owners Dock");
        await BreakUspsAsync(owner, customer, accountId);
        var other = await Stack.CreateMerchantAsync();
        await TellAsync();
        using var otherBrowser = await other.SignedInBrowserAsync();
        using var agent = await Stack.SignedInAgentAsync();

        var home = await otherBrowser.GetAsync("/");
        var list = await otherBrowser.GetAsync("/notices");

        Bell(home).GetAttribute("aria-label").ShouldBe("Notices");
        list.Document.QuerySelectorAll(".notice").ShouldBeEmpty();
        list.Text.ShouldNotContain("Owners Dock");
        list.Text.ShouldContain("No notices yet");
        (await agent.GetAsync("/support")).Document.QuerySelector(".notice-bell").ShouldBeNull("support agents have no notices");
        (await agent.GetAsync("/notices")).Url.AbsolutePath.ShouldBe("/forbidden");
        using var ownerBrowser = await owner.SignedInBrowserAsync();
        Bell(await ownerBrowser.GetAsync("/")).GetAttribute("aria-label").ShouldBe("Notices, 2 unread", "the owner's own notices are untouched");
    }

    [Fact]
    public async Task A_fan_out_done_again_writes_no_second_notice()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var customer = await Stack.CreateUspsCustomerAsync();
        var accountId = await merchant.ConnectUspsAsync(customer);
        await TellAsync();
        // The outbox told again, as if the message's dispatch were lost after the notice was written.
        await Stack.WithDbAsync(db => db.OutboxMessages.Where(m => m.AccountId == accountId)
            .ExecuteUpdateAsync(m => m.SetProperty(x => x.DispatchedAt, (DateTime?)null)));

        await TellAsync();

        (await Stack.WithDbAsync(db => db.OutboxMessages.Where(m => m.AccountId == accountId).AllAsync(m => m.DispatchedAt != null)))
            .ShouldBeTrue();
        (await Stack.WithDbAsync(db => db.Notices.CountAsync(n => n.AccountId == accountId))).ShouldBe(1);
        (await Stack.WithDbAsync(db => db.UnreadNotices.CountAsync(u => u.MerchantId == merchant.Id))).ShouldBe(1);
    }

    [Fact]
    public async Task Mark_all_as_read_clears_the_unread_notices_the_list_does_not_show()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var customer = await Stack.CreateUspsCustomerAsync();
        var accountId = await merchant.ConnectUspsAsync(customer, "Busy Dock");
        // More events than the list shows: expiry warnings, one a minute, through the real outbox and fan-out.
        await Stack.WithDbAsync(async db =>
        {
            var start = db.UtcNow;
            for (var i = 1; i <= 54; i++)
                db.OutboxMessages.Add(new OutboxMessage
                {
                    MerchantId = merchant.Id, AccountId = accountId, Type = NotificationEvents.ExpiringSoon, OccurredAt = start.AddMinutes(i),
                    Carrier = "usps", Nickname = "Busy Dock", State = "connected", Detail = $"Warning {i}.",
                });
            return await db.SaveChangesAsync();
        });
        await TellAsync();
        using var browser = await merchant.SignedInBrowserAsync();
        Bell(await browser.GetAsync("/")).GetAttribute("aria-label").ShouldBe("Notices, 55 unread");

        var list = await browser.GetAsync("/notices");

        list.Document.QuerySelectorAll(".notice").Length.ShouldBe(50);
        list.Document.QuerySelector(".notice .notice-detail")!.TextContent.ShouldBe("Warning 54.", "newest first");
        Bell(list).GetAttribute("aria-label").ShouldBe("Notices, 5 unread", "the five oldest were not shown");
        list.Document.QuerySelector(".notice-mark-all")!.TextContent.ShouldContain("5 unread notices are not in this list");
        var marked = await browser.SubmitAsync(list, "form.notice-mark-all", new(), "Mark all as read");

        marked.Url.AbsolutePath.ShouldBe("/notices");
        marked.Document.QuerySelector("[role=status]")!.TextContent.ShouldContain("All notices are marked as read");
        Bell(marked).GetAttribute("aria-label").ShouldBe("Notices");
        marked.Document.QuerySelector(".notice-mark-all").ShouldBeNull();
    }

    [Fact]
    public async Task Mark_all_as_read_without_the_pages_form_token_is_refused_and_reads_nothing()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var customer = await Stack.CreateUspsCustomerAsync();
        await merchant.ConnectUspsAsync(customer);
        await TellAsync();
        using var browser = await merchant.SignedInBrowserAsync();

        var forged = await browser.PostFormAsync("/notices?handler=MarkAllRead", new());

        forged.Status.ShouldBe(HttpStatusCode.BadRequest);
        forged.Heading.ShouldNotBeNullOrWhiteSpace("a friendly page, not a blank one");
        Bell(await browser.GetAsync("/")).GetAttribute("aria-label").ShouldBe("Notices, 1 unread");
    }

    private Task TellAsync() => NotificationWorker.RunUntilIdleAsync(Stack.Services, CancellationToken.None);

    /// <summary>USPS revokes the grant; three operations fail on it (one break, not three).</summary>
    private async Task BreakUspsAsync(TestMerchant merchant, SandboxCustomer customer, Guid accountId)
    {
        await Stack.RevokeGrantInstantlyAsync(customer);
        using var api = merchant.Api();
        for (var i = 0; i < 3; i++)
            (await api.PostAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/rates", ShippingBodies.Rates))
                .StatusCode.ShouldBe(HttpStatusCode.FailedDependency);
    }

    /// <summary>A second user of the merchant (there is no page for inviting one yet).</summary>
    private async Task<TestMerchant> AddUserAsync(TestMerchant merchant)
    {
        var email = $"colleague-{Guid.NewGuid():N}@example.test";
        await using var scope = Stack.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CarrierLinkDb>();
        var user = new User
        {
            MerchantId = merchant.Id, Email = email, NormalizedEmail = email.ToUpperInvariant(), PasswordHash = "", Role = UserRoles.Merchant,
            CreatedAt = db.UtcNow,
        };
        user.PasswordHash = scope.ServiceProvider.GetRequiredService<IPasswordHasher<User>>().HashPassword(user, merchant.Password);
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return merchant with { Email = email };
    }

    private static async Task<List<IElement>> NoticesOnPageAsync(Browser browser)
    {
        var page = await browser.GetAsync("/notices");
        page.Status.ShouldBe(HttpStatusCode.OK);
        return [.. page.Document.QuerySelectorAll("ol.notice-list > li.notice")];
    }

    private static IElement Bell(BrowserPage page) =>
        page.Document.QuerySelector("header a.notice-bell") ?? throw new ShouldAssertException($"No bell in the header of {page.Url}");

    private static string Headline(IElement notice) => notice.QuerySelector(".notice-headline a")!.TextContent.Trim();

    private static string Link(IElement notice) => notice.QuerySelector(".notice-headline a")!.GetAttribute("href")!;
}

public sealed class NoticesOnSqliteTests(SqliteStack fixture) : NoticesTests(fixture), IClassFixture<SqliteStack>;

public sealed class NoticesOnPostgresTests(PostgresStack fixture) : NoticesTests(fixture), IClassFixture<PostgresStack>;
