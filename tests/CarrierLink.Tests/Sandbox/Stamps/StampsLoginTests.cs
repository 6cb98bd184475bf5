using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shouldly;
using Xunit;

namespace CarrierLink.Tests.Sandbox.Stamps;

public sealed class StampsLoginTests
{
    [Fact]
    public async Task The_home_page_links_to_Stamps_com_whose_login_page_has_labelled_fields_and_Forgot_Password()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var browser = sandbox.NewBrowser();

        var home = await browser.GetAsync("/");
        var link = home.Document.QuerySelectorAll("a").Single(a => a.TextContent.Trim() == "Stamps.com");
        link.GetAttribute("href").ShouldBe("/stamps");
        var login = await browser.GetAsync("/stamps");

        login.Status.ShouldBe(HttpStatusCode.OK);
        login.Document.QuerySelector("h1")!.TextContent.ShouldBe("Log in to Stamps.com");
        login.Document.QuerySelector("label[for=username]")!.TextContent.ShouldBe("Username");
        login.Document.QuerySelector("label[for=password]")!.TextContent.ShouldBe("Password");
        login.Document.QuerySelector("input#password")!.GetAttribute("type").ShouldBe("password");
        login.Document.QuerySelector("button[type=submit]")!.TextContent.ShouldBe("Log In");
        login.Document.QuerySelectorAll("a").Single(a => a.TextContent.Trim() == "Forgot Password").GetAttribute("href").ShouldBe("/stamps/forgot-password");
        login.Document.QuerySelector("meta[name=viewport]")!.GetAttribute("content").ShouldBe("width=device-width, initial-scale=1");
        login.Document.QuerySelector("script").ShouldBeNull();
    }

    [Fact]
    public async Task Logging_in_shows_the_account_with_its_One_Balance_under_a_Sandbox_Stamps_session_cookie()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var browser = sandbox.NewBrowser();

        var account = await StampsSite.LogInToAccountAsync(browser);

        account.Document.QuerySelector("h1")!.TextContent.ShouldBe("Welcome, merchant.stamps");
        account.Document.QuerySelector(".balance")!.TextContent.ShouldBe("$1,000.00");
        account.Document.QuerySelectorAll("a").ShouldContain(a => a.TextContent.Trim() == "Change Password");
        account.Document.QuerySelectorAll("button").ShouldContain(b => b.TextContent.Trim() == "Log Out");
        var cookies = browser.Cookies.GetAllCookies();
        cookies.ShouldContain(c => c.Name == "Sandbox.Stamps" && c.HttpOnly);
        cookies.ShouldAllBe(c => c.Name.StartsWith("Sandbox.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_account_page_without_a_session_sends_the_visitor_to_log_in()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var browser = sandbox.NewBrowser();

        var page = await browser.GetAsync("/stamps/account");

        page.Status.ShouldBe(HttpStatusCode.SeeOther);
        page.Location.ShouldBe("/stamps");
    }

    [Fact]
    public async Task A_wrong_password_shows_a_clear_error_and_keeps_the_username()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var browser = sandbox.NewBrowser();

        var page = await StampsSite.LogInAsync(browser, "merchant.stamps", "wrong");

        page.Status.ShouldBe(HttpStatusCode.OK);
        StampsSite.Error(page).ShouldBe("The username or password you entered is incorrect.");
        page.Document.QuerySelector("input#username")!.GetAttribute("value").ShouldBe("merchant.stamps");
        browser.Cookies.GetAllCookies().ShouldNotContain(c => c.Name == "Sandbox.Stamps");
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_login_for_fifteen_minutes_and_the_page_says_until_when()
    {
        var time = SandboxClock.StartingMonday();
        await using var sandbox = await SandboxHost.StartAsync(time);
        var stamps = new StampsClient(sandbox);
        using var browser = sandbox.NewBrowser();

        for (var i = 0; i < 4; i++) StampsSite.Error(await StampsSite.LogInAsync(browser, "merchant.stamps", "wrong")).ShouldBe("The username or password you entered is incorrect.");
        var locked = await StampsSite.LogInAsync(browser, "merchant.stamps", "wrong");

        StampsSite.Error(locked).ShouldBe("Your account is locked because of 5 unsuccessful login attempts. You can try again after 15:15 UTC on 2 March 2026.");
        StampsSite.Error(await StampsSite.LogInAsync(browser, "merchant.stamps", StampsClient.Password))!.ShouldContain("locked");
        var api = await stamps.AuthenticateAsync();
        api.StatusCode.ShouldBe((HttpStatusCode)423);
        var error = (await api.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
        error.GetProperty("code").GetString().ShouldBe("account_locked");
        error.GetProperty("locked_until").GetString().ShouldBe("2026-03-02T15:15:00Z");

        time.Advance(TimeSpan.FromMinutes(15));
        (await StampsSite.LogInAsync(browser, "merchant.stamps", StampsClient.Password)).Location.ShouldBe("/stamps/account");
    }

    [Fact]
    public async Task Wrong_passwords_through_the_API_count_toward_the_same_lockout_as_the_page()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var stamps = new StampsClient(sandbox);
        using var browser = sandbox.NewBrowser();

        for (var i = 0; i < 4; i++) (await stamps.AuthenticateAsync(password: "wrong")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var page = await StampsSite.LogInAsync(browser, "merchant.stamps", "wrong");

        StampsSite.Error(page)!.ShouldStartWith("Your account is locked");
        (await stamps.AuthenticateAsync()).StatusCode.ShouldBe((HttpStatusCode)423);
    }

    [Fact]
    public async Task A_successful_login_resets_the_failure_count()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var browser = sandbox.NewBrowser();
        for (var i = 0; i < 4; i++) await StampsSite.LogInAsync(browser, "merchant.stamps", "wrong");
        await StampsSite.LogInToAccountAsync(browser);

        for (var i = 0; i < 4; i++) StampsSite.Error(await StampsSite.LogInAsync(browser, "merchant.stamps", "wrong")).ShouldBe("The username or password you entered is incorrect.");
    }

    [Fact]
    public async Task A_suspended_account_is_told_so_only_with_the_right_password()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var browser = sandbox.NewBrowser();
        await sandbox.ControlAsync(HttpMethod.Post, "/_control/customers/stamps/merchant.stamps/suspend");

        StampsSite.Error(await StampsSite.LogInAsync(browser, "merchant.stamps", "wrong")).ShouldBe("The username or password you entered is incorrect.");
        StampsSite.Error(await StampsSite.LogInAsync(browser, "merchant.stamps", StampsClient.Password))!.ShouldContain("suspended");
    }

    [Fact]
    public async Task Logging_out_ends_the_session()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var browser = sandbox.NewBrowser();
        var account = await StampsSite.LogInToAccountAsync(browser);

        var loggedOut = await browser.SubmitAsync(account, formSelector: "form[action='/stamps/logout']");

        loggedOut.Location.ShouldBe("/stamps");
        (await browser.GetAsync("/stamps/account")).Location.ShouldBe("/stamps");
    }

    [Fact]
    public async Task A_password_change_elsewhere_signs_the_site_session_out()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var browser = sandbox.NewBrowser();
        await StampsSite.LogInToAccountAsync(browser);

        await sandbox.ControlAsync(HttpMethod.Post, "/_control/customers/stamps/merchant.stamps/password", new { password = "Changed-elsewhere-1" });

        (await browser.GetAsync("/stamps/account")).Location.ShouldBe("/stamps");
    }

    [Fact]
    public async Task A_login_form_posted_without_its_antiforgery_token_is_refused()
    {
        await using var sandbox = await SandboxHost.StartAsync();

        var response = await sandbox.Http.PostAsync("/stamps/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = "merchant.stamps",
            ["password"] = StampsClient.Password,
        }));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Headers.Location.ShouldBeNull();
        (await response.Content.ReadAsStringAsync()).ShouldContain("This page has expired");
    }
}
