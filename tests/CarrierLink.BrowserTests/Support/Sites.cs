using CarrierLink.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace CarrierLink.BrowserTests.Support;

/// <summary>Steps the articles share: signing in to CarrierLink, and steps 2–4 on USPS.com.</summary>
public static class Sites
{
    public static async Task SignInToCarrierLinkAsync(this BrowserRun t, string email, string password, string expectHeading = "Your carrier accounts", string? who = null)
    {
        var prefix = who is null ? "" : who + " ";
        await t.Step(prefix + "open CarrierLink's sign-in page", async () =>
        {
            await t.Page.GotoAsync("/login");
            await t.Page.Field("Email").FillAsync(email);
            await t.Page.Field("Password").FillAsync(password);
        });
        await t.Step(prefix + "sign in", async () =>
        {
            await t.Page.Button("Sign in").ClickAsync();
            await Expect(t.Page.Heading(expectHeading)).ToBeVisibleAsync();
        });
    }

    /// <summary>From USPS.com's sign-in page to "Your USPS account is authorized" (the article's steps 2–4).</summary>
    public static async Task SignInAndAuthorizeAtUspsAsync(this BrowserRun t, SandboxCustomer customer, int? returnsAfterSeconds = null)
    {
        var page = t.Page;
        await Expect(page.Heading("Sign in to USPS.com")).ToBeVisibleAsync();
        await t.Step("USPS.com enter username and password", async () =>
        {
            await page.Field("Username").FillAsync(customer.Username);
            await page.Field("Password").FillAsync(customer.Password);
        }, phone: true);
        await t.Step("USPS.com sign in", async () =>
        {
            await page.Button("Sign In").ClickAsync();
            await Expect(page.Heading("Authorize CarrierLink")).ToBeVisibleAsync();
        });
        await t.Step("USPS.com check the box to agree to the terms", async () =>
        {
            var agree = page.Field("I agree to the USPS terms and authorize CarrierLink to access my USPS business account");
            await agree.CheckAsync();
            await Expect(agree).ToBeCheckedAsync();
        }, phone: true);
        await t.Step("USPS.com Authorize & Continue", async () =>
        {
            await page.Button("Authorize & Continue").ClickAsync();
            await Expect(page.Heading("Your USPS account is authorized")).ToBeVisibleAsync();
            await Expect(page.Link("Go to CarrierLink")).ToBeVisibleAsync();
            if (returnsAfterSeconds is { } seconds)
                await Expect(page.GetByText($"You will return to CarrierLink automatically in {seconds} seconds.")).ToBeVisibleAsync();
        });
    }
}
