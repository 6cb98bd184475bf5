using System.Net;
using Microsoft.AspNetCore.WebUtilities;
using Shouldly;
using Xunit;

namespace CarrierLink.Tests.Sandbox;

public sealed class UspsConsentTests(SharedSandbox shared) : IClassFixture<SharedSandbox>
{
    [Fact]
    public async Task The_consent_page_names_the_platform_and_the_USPS_business_account()
    {
        var sandbox = shared.Host;
        using var browser = sandbox.NewBrowser();

        var consent = await browser.SignInAsync(SandboxHost.CopNavigatorUrl(), "merchant.usps", "Ship-it-2026");

        consent.Status.ShouldBe(HttpStatusCode.OK);
        consent.Text.ShouldContain("CarrierLink");
        consent.Text.ShouldContain("56982563");
        consent.Document.QuerySelector("label[for=agree]")!.TextContent.ShouldBe("I agree to the USPS terms and authorize CarrierLink to access my USPS business account");
        consent.Document.QuerySelectorAll("button").Select(b => b.TextContent).ShouldBe(["Authorize & Continue", "Decline"]);
    }

    [Fact]
    public async Task The_platform_name_comes_from_the_link_and_falls_back_to_the_client_name()
    {
        var sandbox = shared.Host;
        using var browser = sandbox.NewBrowser();

        var consent = await browser.SignInAsync(SandboxHost.CopNavigatorUrl(platform: "Acme Shipping"), "merchant.usps", "Ship-it-2026");

        consent.Document.QuerySelector("label[for=agree]")!.TextContent.ShouldContain("authorize Acme Shipping to access");
    }

    [Fact]
    public async Task Authorize_with_the_box_unchecked_is_refused_and_no_code_is_issued()
    {
        var sandbox = shared.Host;
        using var browser = sandbox.NewBrowser();
        var consent = await browser.SignInAsync(SandboxHost.CopNavigatorUrl(), "merchant.usps", "Ship-it-2026");

        var again = await browser.SubmitAsync(consent, button: ("decision", "authorize"));

        again.Status.ShouldBe(HttpStatusCode.OK);
        again.Location.ShouldBeNull();
        again.Document.QuerySelector(".error")!.TextContent.ShouldContain("Check the box");
        again.Text.ShouldNotContain("Go to CarrierLink");
    }

    [Fact]
    public async Task Decline_returns_to_the_platform_with_access_denied_and_the_state()
    {
        var sandbox = shared.Host;
        using var browser = sandbox.NewBrowser();
        var consent = await browser.SignInAsync(SandboxHost.CopNavigatorUrl(state: "s-decline"), "merchant.usps", "Ship-it-2026");

        var declined = await browser.SubmitAsync(consent, button: ("decision", "decline"));

        declined.Status.ShouldBe(HttpStatusCode.SeeOther);
        declined.Location.ShouldBe(SandboxHost.RedirectUri + "?error=access_denied&state=s-decline");
    }

    [Fact]
    public async Task Authorize_and_Continue_shows_Go_to_CarrierLink_that_also_returns_by_itself()
    {
        var sandbox = shared.Host;
        using var browser = sandbox.NewBrowser();
        var consent = await browser.SignInAsync(SandboxHost.CopNavigatorUrl(state: "s-1"), "merchant.usps", "Ship-it-2026");

        var posted = await browser.SubmitAsync(consent, new() { ["agree"] = "true" }, ("decision", "authorize"));
        posted.Status.ShouldBe(HttpStatusCode.SeeOther);
        var done = await browser.FollowAsync(posted);

        done.Document.QuerySelector("h1")!.TextContent.ShouldBe("Your USPS account is authorized");
        var href = done.Document.QuerySelectorAll("a").Single(a => a.TextContent == "Go to CarrierLink").GetAttribute("href")!;
        href.ShouldStartWith(SandboxHost.RedirectUri + "?code=");
        var query = QueryHelpers.ParseQuery(new Uri(href).Query);
        query["state"].ToString().ShouldBe("s-1");
        query["code"].ToString().Length.ShouldBe(43);
        done.Document.QuerySelector("meta[http-equiv=refresh]")!.GetAttribute("content").ShouldBe("5;url=" + href);
        done.Text.ShouldContain("automatically in 5 seconds");
    }

    [Fact]
    public async Task The_automatic_return_delay_follows_the_settings()
    {
        await using var sandbox = await SandboxHost.StartAsync("--Sandbox:Usps:ConsentAutoReturnSeconds=2");
        using var browser = sandbox.NewBrowser();
        var consent = await browser.SignInAsync(SandboxHost.CopNavigatorUrl(), "merchant.usps", "Ship-it-2026");

        var done = await browser.FollowAsync(await browser.SubmitAsync(consent, new() { ["agree"] = "true" }, ("decision", "authorize")));

        done.Document.QuerySelector("meta[http-equiv=refresh]")!.GetAttribute("content")!.ShouldStartWith("2;url=");
    }

    [Fact]
    public async Task A_consent_post_from_another_site_without_the_antiforgery_token_is_refused()
    {
        var sandbox = shared.Host;
        using var browser = sandbox.NewBrowser();
        var consent = await browser.SignInAsync(SandboxHost.CopNavigatorUrl(), "merchant.usps", "Ship-it-2026");
        var requestId = consent.Document.QuerySelector("input[name=request]")!.GetAttribute("value")!;

        using var forged = new HttpClient { BaseAddress = sandbox.BaseAddress };
        var response = await forged.PostAsync("/usps/consent", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["request"] = requestId,
            ["agree"] = "true",
            ["decision"] = "authorize",
        }));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Headers.Location.ShouldBeNull();
    }

    [Fact]
    public async Task The_consent_page_needs_a_signed_in_request()
    {
        var sandbox = shared.Host;
        using var browser = sandbox.NewBrowser();
        var signIn = await browser.GetAsync(SandboxHost.CopNavigatorUrl());
        var requestId = signIn.Document.QuerySelector("input[name=request]")!.GetAttribute("value")!;

        var consent = await browser.GetAsync("/usps/consent?request=" + requestId);

        consent.Status.ShouldBe(HttpStatusCode.BadRequest);
        consent.Document.QuerySelector("form").ShouldBeNull();
    }
}
