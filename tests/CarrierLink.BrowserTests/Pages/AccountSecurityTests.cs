using System.Text.RegularExpressions;
using CarrierLink.BrowserTests.Support;
using CarrierLink.Tests.Support;
using Microsoft.Playwright;
using Shouldly;
using static Microsoft.Playwright.Assertions;

namespace CarrierLink.BrowserTests.Pages;

/// <summary>
/// Issue 13 in Chromium: a forgotten password reset through the mailed link (its token after "#", moved into the form
/// by the page's script and off the address bar), and "Sign out everywhere" from the sessions page.
/// </summary>
public sealed partial class AccountSecurityTests(SqliteStack stack, Chromium chromium) : BrowserTest(stack, chromium)
{
    private const string NewPassword = "harbor lantern quilt 73";

    [Fact]
    public async Task A_forgotten_password_is_reset_from_the_mailed_link_and_the_new_one_signs_in()
    {
        var merchant = await Stack.CreateMerchantAsync();
        await using var t = await StartAsync();
        var page = t.Page;

        await t.Step("Forgot your password? asks for the email", async () =>
        {
            await page.GotoAsync("/login");
            await page.Link("Forgot your password?").ClickAsync();
            await Expect(page.Heading("Reset your password")).ToBeVisibleAsync();
            await page.Field("Email").FillAsync(merchant.Email);
            await page.Button("Send me a link").ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("If a CarrierLink sign-in uses that email");
        }, phone: true);
        var link = ResetLink().Match(Stack.MailTo(merchant.Email).Single().TextBody ?? "").Value;
        link.ShouldContain("#");
        await t.Step("The link from the mail: choose a new password", async () =>
        {
            await page.GotoAsync(link);
            await Expect(page.Heading("Choose a new password")).ToBeVisibleAsync();
            page.Url.ShouldNotContain("#", Case.Sensitive, "the script took the token off the address bar");
            await page.Field("New password").FillAsync(NewPassword);
            await page.Field("New password again").FillAsync(NewPassword);
            await page.Button("Set new password").ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your password is changed");
        }, phone: true);
        await t.Step("Sign in with the new password", async () =>
        {
            await page.Link("Sign in").ClickAsync();
            await page.Field("Email").FillAsync(merchant.Email);
            await page.Field("Password").FillAsync(NewPassword);
            await page.Button("Sign in").ClickAsync();
            await Expect(page.Heading("Your carrier accounts")).ToBeVisibleAsync();
        });
    }

    [Fact]
    public async Task Sign_out_everywhere_from_the_sessions_page()
    {
        var merchant = await Stack.CreateMerchantAsync();
        using var otherBrowser = await merchant.SignedInBrowserAsync();
        await using var t = await StartAsync();
        var page = t.Page;
        await t.SignInToCarrierLinkAsync(merchant.Email, merchant.Password);

        await t.Step("Your sign-in > Where you are signed in lists both browsers", async () =>
        {
            await page.Link(merchant.Email).ClickAsync();
            await page.Link("Where you are signed in").ClickAsync();
            await Expect(page.Heading("Where you are signed in")).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "(this browser)" })).ToHaveCountAsync(1);
            await Expect(page.GetByRole(AriaRole.Table).GetByRole(AriaRole.Button, new() { Name = "Sign out", Exact = true })).ToHaveCountAsync(2);
        }, phone: true);
        await t.Step("Settings > API keys: a new key shown once", async () =>
        {
            await page.MainNav().Link("Settings").ClickAsync();
            await page.Link("API keys").ClickAsync();
            await page.Field("What will use it").FillAsync("Label printer");
            await page.Button("Create key").ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Copy it now: it is shown only this once.");
            await Expect(page.Row("Label printer").Button("Revoke")).ToBeVisibleAsync();
        }, phone: true);
        await t.Step("Back to the sessions: Sign out everywhere", async () =>
        {
            await page.GotoAsync("/account/sessions");
        });
        await t.Step("Sign out everywhere", async () =>
        {
            await page.Button("Sign out everywhere").ClickAsync();
            await Expect(page.Heading("Sign in to CarrierLink")).ToBeVisibleAsync();
        });

        (await otherBrowser.GetAsync("/settings")).Url.AbsolutePath.ShouldBe("/login");
    }

    [GeneratedRegex(@"http://\S+/login/reset#[A-Za-z0-9_-]+")]
    private static partial Regex ResetLink();
}
