using CarrierLink.Tests.Support;
using Shouldly;

namespace CarrierLink.Tests.Security;

/// <summary>
/// Issue 13, finding 2: a page session lives on the server. Signing out ends it for every copy of the cookie and on
/// every node; it ends after 30 idle minutes and 12 hours after sign-in however busy; a person can see their
/// sessions and sign out everywhere.
/// </summary>
public abstract class SessionTests(StackFixture fixture)
{
    private TestStack Stack => fixture.Stack;

    [Fact]
    public async Task A_cookie_copied_before_sign_out_no_longer_works_after_it()
    {
        var merchant = await Stack.CreateMerchantAsync();
        using var browser = await merchant.SignedInBrowserAsync();
        using var copy = CopyOf(browser);
        (await copy.GetAsync("/settings")).Heading.ShouldBe("Settings", "the copied cookie works while the session is open");

        await browser.SubmitAsync(await browser.GetAsync("/settings"), "form.signout", new(), "Sign out");

        (await copy.GetAsync("/settings")).Url.AbsolutePath.ShouldBe("/login");
    }

    [Fact]
    public async Task A_session_unused_for_thirty_minutes_has_ended()
    {
        var merchant = await Stack.CreateMerchantAsync();
        using var browser = await merchant.SignedInBrowserAsync();

        Stack.Clock.Advance(TimeSpan.FromMinutes(20));
        (await browser.GetAsync("/settings")).Heading.ShouldBe("Settings", "20 minutes idle is within the limit, and using it counts");
        Stack.Clock.Advance(TimeSpan.FromMinutes(20));
        (await browser.GetAsync("/settings")).Heading.ShouldBe("Settings", "20 minutes since the last use");
        Stack.Clock.Advance(TimeSpan.FromMinutes(31));

        (await browser.GetAsync("/settings")).Url.AbsolutePath.ShouldBe("/login");
    }

    [Fact]
    public async Task A_busy_session_still_ends_twelve_hours_after_sign_in()
    {
        var merchant = await Stack.CreateMerchantAsync();
        using var browser = await merchant.SignedInBrowserAsync();

        for (var used = TimeSpan.Zero; used < TimeSpan.FromHours(11.5); used += TimeSpan.FromMinutes(25))
        {
            Stack.Clock.Advance(TimeSpan.FromMinutes(25));
            (await browser.GetAsync("/settings")).Heading.ShouldBe("Settings");
        }
        Stack.Clock.Advance(TimeSpan.FromMinutes(25));

        (await browser.GetAsync("/settings")).Url.AbsolutePath.ShouldBe("/login");
        var again = await merchant.SignedInBrowserAsync();
        (await again.GetAsync("/settings")).Heading.ShouldBe("Settings", "signing in again starts a new session");
    }

    [Fact]
    public async Task The_sessions_page_lists_each_browser_and_signs_out_everywhere()
    {
        var merchant = await Stack.CreateMerchantAsync();
        using var laptop = await merchant.SignedInBrowserAsync();
        using var office = await merchant.SignedInBrowserAsync();

        var page = await laptop.GetAsync("/account/sessions");
        page.Heading.ShouldBe("Where you are signed in");
        page.Document.QuerySelectorAll("tr[data-session]").Length.ShouldBe(2);
        page.Text.ShouldContain("(this browser)");

        var after = await laptop.SubmitAsync(page, "form[action*='Everywhere']", new(), "Sign out everywhere");

        after.Url.AbsolutePath.ShouldBe("/login");
        (await laptop.GetAsync("/settings")).Url.AbsolutePath.ShouldBe("/login");
        (await office.GetAsync("/settings")).Url.AbsolutePath.ShouldBe("/login");
    }

    [Fact]
    public async Task Signing_out_other_browsers_keeps_this_one()
    {
        var merchant = await Stack.CreateMerchantAsync();
        using var laptop = await merchant.SignedInBrowserAsync();
        using var office = await merchant.SignedInBrowserAsync();

        var page = await laptop.SubmitAsync(await laptop.GetAsync("/account/sessions"), "form[action*='Others']", new(), "Sign out other browsers");

        page.Text.ShouldContain("1 other browser is signed out.");
        (await laptop.GetAsync("/settings")).Heading.ShouldBe("Settings");
        (await office.GetAsync("/settings")).Url.AbsolutePath.ShouldBe("/login");
    }

    [Fact]
    public async Task Sign_out_on_one_node_ends_the_session_on_another()
    {
        var merchant = await Stack.CreateMerchantAsync();
        await using var other = await Stack.StartAnotherNodeAsync();
        using var browser = await merchant.SignedInBrowserAsync();
        using var onOther = CopyOf(browser, other.WebUrl);
        (await onOther.GetAsync("/settings")).Heading.ShouldBe("Settings", "the other node accepts the session");

        await browser.SubmitAsync(await browser.GetAsync("/settings"), "form.signout", new(), "Sign out");

        (await onOther.GetAsync("/settings")).Url.AbsolutePath.ShouldBe("/login");
    }

    [Fact]
    public async Task A_session_of_another_user_cannot_be_ended_from_the_sessions_page()
    {
        var victim = await Stack.CreateMerchantAsync();
        var attacker = await Stack.CreateMerchantAsync();
        using var victimBrowser = await victim.SignedInBrowserAsync();
        var victimSession = (await victimBrowser.GetAsync("/account/sessions")).Document.QuerySelector("tr[data-session]")!.GetAttribute("data-session")!;
        using var attackerBrowser = await attacker.SignedInBrowserAsync();

        var page = await attackerBrowser.SubmitAsync(await attackerBrowser.GetAsync("/account/sessions"), "form[action*='End']",
            new() { ["session"] = victimSession }, "Sign out");

        page.Text.ShouldContain("That session had already ended.");
        (await victimBrowser.GetAsync("/settings")).Heading.ShouldBe("Settings");
    }

    /// <summary>A second client holding the same cookies (as someone who copied them would), optionally aimed at another node.</summary>
    private Browser CopyOf(Browser browser, Uri? at = null)
    {
        var copy = new Browser(at ?? Stack.WebUrl);
        foreach (System.Net.Cookie cookie in browser.Cookies.GetCookies(Stack.WebUrl))
            copy.Cookies.Add(at ?? Stack.WebUrl, new System.Net.Cookie(cookie.Name, cookie.Value, "/"));
        return copy;
    }
}

public sealed class SessionOnSqliteTests(SqliteStack fixture) : SessionTests(fixture), IClassFixture<SqliteStack>;

public sealed class SessionOnPostgresTests(PostgresStack fixture) : SessionTests(fixture), IClassFixture<PostgresStack>;
