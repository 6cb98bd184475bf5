using Shouldly;

namespace CarrierLink.Tests.Support;

/// <summary>What a merchant does on the sandbox's USPS.com: sign in, tick the terms, authorize.</summary>
public static class UspsSite
{
    public static async Task<BrowserPage> SignInAsync(Browser browser, BrowserPage signInPage, SandboxCustomer customer)
    {
        signInPage.Url.Port.ShouldNotBe(0);
        signInPage.Document.QuerySelector("label[for=username]")!.TextContent.ShouldBe("Username");
        return await browser.SubmitAsync(signInPage, "form", new() { ["username"] = customer.Username, ["password"] = customer.Password }, "Sign In");
    }

    /// <summary>From the USPS sign-in page to the completion page with "Go to CarrierLink".</summary>
    public static async Task<BrowserPage> AuthorizeAsync(Browser browser, BrowserPage signInPage, SandboxCustomer customer)
    {
        var consent = await SignInAsync(browser, signInPage, customer);
        consent.Text.ShouldContain("I agree to the USPS terms and authorize CarrierLink");
        var done = await browser.SubmitAsync(consent, "form", new() { ["agree"] = "true" }, "Authorize & Continue");
        done.Link("Go to CarrierLink").ShouldNotBeNull($"No 'Go to CarrierLink' on {done.Url}: {done.Text[..Math.Min(400, done.Text.Length)]}");
        return done;
    }

    /// <summary>Signs in, authorizes and clicks Go to CarrierLink; returns CarrierLink's page.</summary>
    public static async Task<BrowserPage> AuthorizeAndReturnAsync(Browser browser, BrowserPage signInPage, SandboxCustomer customer) =>
        await browser.FollowLinkAsync(await AuthorizeAsync(browser, signInPage, customer), "Go to CarrierLink");
}
