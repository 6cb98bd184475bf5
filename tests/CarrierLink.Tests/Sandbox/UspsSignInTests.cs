using System.Net;
using Shouldly;
using Xunit;

namespace CarrierLink.Tests.Sandbox;

public sealed class UspsSignInTests
{
    [Fact]
    public async Task A_wrong_password_shows_a_clear_error_on_the_sign_in_page()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var browser = sandbox.NewBrowser();

        var signIn = await browser.GetAsync(SandboxHost.CopNavigatorUrl());
        var again = await browser.SubmitAsync(signIn, new() { ["username"] = "merchant.usps", ["password"] = "wrong" });

        again.Status.ShouldBe(HttpStatusCode.OK);
        again.Document.QuerySelector(".error")!.TextContent.ShouldBe("The username or password you entered is incorrect.");
        again.Document.QuerySelector("input#username")!.GetAttribute("value").ShouldBe("merchant.usps");
        again.Document.QuerySelector("h1")!.TextContent.ShouldBe("Sign in to USPS.com");
    }

    [Fact]
    public async Task An_unknown_username_gets_the_same_error_as_a_wrong_password()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var browser = sandbox.NewBrowser();

        var signIn = await browser.GetAsync(SandboxHost.CopNavigatorUrl());
        var again = await browser.SubmitAsync(signIn, new() { ["username"] = "nobody.usps", ["password"] = "Ship-it-2026" });

        again.Document.QuerySelector(".error")!.TextContent.ShouldBe("The username or password you entered is incorrect.");
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_customer_for_fifteen_minutes_even_with_the_right_password()
    {
        var time = SandboxClock.StartingMonday();
        await using var sandbox = await SandboxHost.StartAsync(time);
        using var browser = sandbox.NewBrowser();
        var page = await browser.GetAsync(SandboxHost.CopNavigatorUrl());

        for (var i = 0; i < 4; i++)
        {
            page = await browser.SubmitAsync(page, new() { ["username"] = "merchant.usps", ["password"] = "wrong" });
            page.Document.QuerySelector(".error")!.TextContent.ShouldBe("The username or password you entered is incorrect.");
        }
        page = await browser.SubmitAsync(page, new() { ["username"] = "merchant.usps", ["password"] = "wrong" });
        page.Document.QuerySelector(".error")!.TextContent.ShouldContain("locked");
        page.Document.QuerySelector(".error")!.TextContent.ShouldContain("15:15 UTC");

        page = await browser.SubmitAsync(page, new() { ["username"] = "merchant.usps", ["password"] = "Ship-it-2026" });
        page.Document.QuerySelector(".error")!.TextContent.ShouldContain("locked");

        time.Advance(TimeSpan.FromMinutes(15));
        page = await browser.SubmitAsync(page, new() { ["username"] = "merchant.usps", ["password"] = "Ship-it-2026" });
        page.Status.ShouldBe(HttpStatusCode.SeeOther);
        page.Location.ShouldStartWith("/usps/consent?request=");
    }

    [Fact]
    public async Task A_successful_sign_in_resets_the_failure_count()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var browser = sandbox.NewBrowser();
        var page = await browser.GetAsync("/usps/sign-in");
        for (var i = 0; i < 4; i++) page = await browser.SubmitAsync(page, new() { ["username"] = "merchant.usps", ["password"] = "wrong" });
        page = await browser.SubmitAsync(page, new() { ["username"] = "merchant.usps", ["password"] = "Ship-it-2026" });
        page.Text.ShouldContain("Your USPS business account");

        page = await browser.GetAsync("/usps/sign-in");
        page = await browser.SubmitAsync(page, new() { ["username"] = "merchant.usps", ["password"] = "wrong" });

        page.Document.QuerySelector(".error")!.TextContent.ShouldBe("The username or password you entered is incorrect.");
    }

    [Fact]
    public async Task A_suspended_customer_cannot_sign_in_to_authorize()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        (await sandbox.ControlAsync(HttpMethod.Post, "/_control/customers/usps/merchant.usps/suspend")).EnsureSuccessStatusCode();
        using var browser = sandbox.NewBrowser();

        var signIn = await browser.GetAsync(SandboxHost.CopNavigatorUrl());
        var page = await browser.SubmitAsync(signIn, new() { ["username"] = "merchant.usps", ["password"] = "Ship-it-2026" });

        page.Status.ShouldBe(HttpStatusCode.OK);
        page.Document.QuerySelector(".error")!.TextContent.ShouldContain("suspended");
    }

    [Fact]
    public async Task A_sign_in_post_without_the_antiforgery_token_is_refused()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var browser = sandbox.NewBrowser();
        await browser.GetAsync(SandboxHost.CopNavigatorUrl());

        using var forged = new HttpClient { BaseAddress = sandbox.BaseAddress };
        var response = await forged.PostAsync("/usps/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = "merchant.usps",
            ["password"] = "Ship-it-2026",
        }));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("This page has expired");
    }
}
