using System.Net;
using Shouldly;
using Xunit;

namespace CarrierLink.Tests.Sandbox;

public sealed class UspsSitePagesTests(SharedSandbox shared) : IClassFixture<SharedSandbox>
{
    [Fact]
    public async Task The_home_page_links_to_USPS_com_by_name()
    {
        var sandbox = shared.Host;
        using var browser = sandbox.NewBrowser();

        var home = await browser.GetAsync("/");
        var link = home.Document.QuerySelectorAll("a").Single(a => a.TextContent.Trim() == "USPS.com");
        var landing = await browser.GetAsync(link.GetAttribute("href")!);

        landing.Status.ShouldBe(HttpStatusCode.OK);
        landing.Document.QuerySelectorAll("a").ShouldContain(a => a.TextContent.Trim() == "Sign In");
    }

    [Fact]
    public async Task The_cop_navigator_shows_the_USPS_sign_in_page_with_labelled_inputs()
    {
        var sandbox = shared.Host;
        using var browser = sandbox.NewBrowser();

        var page = await browser.GetAsync(SandboxHost.CopNavigatorUrl());

        page.Status.ShouldBe(HttpStatusCode.OK);
        page.Document.QuerySelector("h1")!.TextContent.ShouldBe("Sign in to USPS.com");
        page.Document.QuerySelector("label[for=username]")!.TextContent.ShouldBe("Username");
        page.Document.QuerySelector("label[for=password]")!.TextContent.ShouldBe("Password");
        page.Document.QuerySelector("input#password")!.GetAttribute("type").ShouldBe("password");
        page.Document.QuerySelector("button[type=submit]")!.TextContent.ShouldBe("Sign In");
        page.Document.QuerySelector("meta[name=viewport]").ShouldNotBeNull();
        page.Text.ShouldContain("CarrierLink wants to connect to your USPS business account");
    }

    [Theory]
    [InlineData("wf", "something_else", "wf must be apis_merchant_user")]
    [InlineData("client_id", "unknown-platform", "unknown client_id")]
    [InlineData("redirect_uri", "http://127.0.0.1:5080/connect/usps/callback/evil", "redirect_uri")]
    [InlineData("redirect_uri", "https://attacker.example/callback", "redirect_uri")]
    [InlineData("state", "", "missing its state")]
    [InlineData("response_type", "token", "response_type=code")]
    public async Task A_bad_cop_navigator_link_gets_an_error_page_and_never_a_redirect(string parameter, string value, string expected)
    {
        var sandbox = shared.Host;
        using var browser = sandbox.NewBrowser();
        var url = SandboxHost.CopNavigatorUrl();
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri(new Uri("http://x"), url).Query)
            .ToDictionary(q => q.Key, q => (string?)q.Value.ToString());
        query[parameter] = value;

        var page = await browser.GetAsync(Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/cop-navigator", query));

        page.Status.ShouldBe(HttpStatusCode.BadRequest);
        page.Location.ShouldBeNull();
        page.Text.ShouldContain(expected);
        page.Document.QuerySelector("form").ShouldBeNull();
    }

    [Fact]
    public async Task A_plain_PKCE_method_is_refused()
    {
        var sandbox = shared.Host;
        using var browser = sandbox.NewBrowser();

        var page = await browser.GetAsync(SandboxHost.CopNavigatorUrl() + "&code_challenge=" + new string('a', 43) + "&code_challenge_method=plain");

        page.Status.ShouldBe(HttpStatusCode.BadRequest);
        page.Text.ShouldContain("S256");
    }

    [Fact]
    public async Task Signing_in_without_a_platform_shows_the_account_ids()
    {
        var sandbox = shared.Host;
        using var browser = sandbox.NewBrowser();

        var form = await browser.GetAsync("/usps/sign-in");
        var account = await browser.SubmitAsync(form, new() { ["username"] = "merchant.usps", ["password"] = "Ship-it-2026" });

        account.Status.ShouldBe(HttpStatusCode.OK);
        account.Text.ShouldContain("56982563");
        account.Text.ShouldContain("902455331");
    }

    [Fact]
    public async Task Every_cookie_the_sandbox_sets_is_prefixed_Sandbox()
    {
        var sandbox = shared.Host;
        using var browser = sandbox.NewBrowser();

        await sandbox.AuthorizeAsync();
        await browser.SignInAsync(SandboxHost.CopNavigatorUrl(), SandboxHost.Username, SandboxHost.Password);

        var cookies = browser.Cookies.GetAllCookies();
        cookies.Count.ShouldBeGreaterThan(0);
        cookies.ShouldAllBe(c => c.Name.StartsWith("Sandbox.", StringComparison.Ordinal));
    }
}
