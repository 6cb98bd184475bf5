using System.Text.RegularExpressions;
using CarrierLink.Tests.Support;
using Shouldly;
using static Microsoft.Playwright.Assertions;

namespace CarrierLink.BrowserTests.Support;

/// <summary>Steps on UPS.com (log in, Allow) and on FedEx.com's sandbox inbox (the PIN FedEx sent), shared by the UPS and FedEx tests.</summary>
public static partial class CarrierSites
{
    /// <summary>From UPS.com's log-in page through Allow, back to CarrierLink's page with <paramref name="expectHeading"/>.</summary>
    public static async Task LogInAndAllowAtUpsAsync(this BrowserRun t, SandboxCustomer customer, string expectHeading)
    {
        var page = t.Page;
        await Expect(page.Heading("Log in to UPS.com")).ToBeVisibleAsync();
        await t.Step("UPS.com enter username and password", async () =>
        {
            await Expect(page.GetByRole(AriaRole.Main)).ToContainTextAsync("CarrierLink wants to use your UPS account");
            await page.Field("Username").FillAsync(customer.Username);
            await page.Field("Password").FillAsync(customer.Password);
        }, phone: true);
        await t.Step("UPS.com Log In", async () =>
        {
            await page.Button("Log In").ClickAsync();
            await Expect(page.Heading("Allow CarrierLink to use your UPS account?")).ToBeVisibleAsync();
            // The consent lists the login's UPS accounts: the shipper number typed in CarrierLink is among them.
            await Expect(page.GetByRole(AriaRole.Main)).ToContainTextAsync(customer.Crid);
        }, phone: true);
        await t.Step("UPS.com Allow", async () =>
        {
            await page.Button("Allow").ClickAsync();
            await Expect(page.Heading(expectHeading)).ToBeVisibleAsync();
        }, phone: true);
    }

    /// <summary>
    /// The customer reads the PIN FedEx sent, as they would on their phone or in their mail: the sandbox's FedEx.com inbox,
    /// opened in a tab of its own; the CarrierLink page stays as it was.
    /// </summary>
    public static async Task<string> ReadPinInFedExInboxAsync(this BrowserRun t, string accountNumber)
    {
        var carrierLink = t.Page;
        var inbox = await t.NewTabAsync();
        t.LookAt(inbox);
        var pin = "";
        try
        {
            await t.Step("read the PIN in the FedEx inbox", async () =>
            {
                await inbox.GotoAsync(new Uri(t.Stack.SandboxUrl, $"fedex/inbox/{accountNumber}").ToString());
                await Expect(inbox.Heading($"Messages for account {accountNumber}")).ToBeVisibleAsync();
                var newest = inbox.Locator("article.mail").First;
                await Expect(newest).ToContainTextAsync("Your FedEx security code is");
                await Expect(newest).ToContainTextAsync("EMAIL to");
                pin = SixDigits().Match(await newest.InnerTextAsync()).Value;
                pin.ShouldMatch(@"^\d{6}$", "the newest message in the FedEx inbox carries a 6-digit PIN");
            }, phone: true);
        }
        finally
        {
            t.LookAt(carrierLink);
            await inbox.CloseAsync();
        }
        return pin;
    }

    [GeneratedRegex(@"\b\d{6}\b")]
    private static partial Regex SixDigits();
}
