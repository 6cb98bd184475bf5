using System.Text.RegularExpressions;
using CarrierLink.BrowserTests.Support;
using CarrierLink.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Shouldly;
using static Microsoft.Playwright.Assertions;

namespace CarrierLink.BrowserTests.Pages;

/// <summary>
/// FedEx as a merchant meets it: the registration form in Carrier Settings, FedEx's proof (a PIN read in the inbox, or
/// an invoice), a label with the phone numbers FedEx needs, then a revoked key and Reconnect through the same form,
/// pre-filled, as the same account.
/// </summary>
public sealed partial class FedExConnectionTests(SqliteStack stack, Chromium chromium) : BrowserTest(stack, chromium)
{
    [Fact]
    public async Task A_FedEx_account_proved_with_an_emailed_PIN_ships_and_after_a_revoke_reconnects_through_the_prefilled_form()
    {
        const string nickname = "Main dock";
        var merchant = await Stack.CreateMerchantAsync("Harbor Goods");
        var fedex = await Stack.CreateFedExAccountAsync(mfa: "pin");
        await using var t = await StartAsync();
        var page = t.Page;

        await t.SignInToCarrierLinkAsync(merchant.Email, merchant.Password);
        await AddAccountAsync(t, fedex, nickname);
        await t.Step("FedEx asks for proof: send a PIN by email", async () =>
        {
            await Expect(page.Heading($"Prove {nickname} is yours")).ToBeVisibleAsync();
            await page.GetByRole(AriaRole.Button, new() { NameRegex = SendByEmail() }).ClickAsync();
            await Expect(page.Heading("Enter the PIN")).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Main)).ToContainTextAsync("FedEx sent a 6-digit PIN by email to");
        }, phone: true);
        var pin = await t.ReadPinInFedExInboxAsync(fedex.AccountNumber);
        await t.Step("enter the PIN and click Verify", async () =>
        {
            await page.Field("PIN").FillAsync(pin);
            await page.Button("Verify").ClickAsync();
            await Expect(page.Heading("Your FedEx account is connected")).ToBeVisibleAsync();
        }, phone: true);
        await DoneShowsConnectedAsync(t, fedex, nickname);
        var accountId = await Stack.WithDbAsync(db => db.CarrierAccounts.Where(a => a.MerchantId == merchant.Id && a.Carrier == "fedex").Select(a => a.Id).SingleAsync());

        await ShipALabelAsync(t);

        await Stack.RevokeAtCarrierAsync("fedex", fedex.AccountNumber);
        await t.Step("get rates after FedEx revoked CarrierLink's key", async () =>
        {
            await page.Button("Get rates").ClickAsync();
            await Expect(page.Locator("main [role=alert]")).ToContainTextAsync($"FedEx no longer accepts CarrierLink's connection to {nickname}");
        });
        await t.Step("CarrierLink prompts to reconnect FedEx", async () =>
        {
            var prompt = page.Prompt("FedEx");
            await Expect(prompt).ToBeVisibleAsync();
            await Expect(prompt).ToContainTextAsync(nickname);
            await Expect(prompt).ToContainTextAsync("Register the same FedEx account number again to reconnect");
            await Expect(prompt.Link("Reconnect")).ToBeFocusedAsync();
            await Expect(prompt.Button("Remind Me Later")).ToBeVisibleAsync();
        }, phone: true);
        await t.Step("click Reconnect: the form is filled in from what is on file", async () =>
        {
            await page.Prompt("FedEx").Link("Reconnect").ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex($"/settings/carriers/fedex/accounts/{accountId}/reconnect$"));
            await Expect(page.Heading($"Reconnect {nickname}")).ToBeVisibleAsync();
            var number = page.Field("FedEx account number");
            await Expect(number).ToHaveValueAsync(fedex.AccountNumber);
            await Expect(number).Not.ToBeEditableAsync();
            await Expect(page.Field("Name on the account")).ToHaveValueAsync(fedex.CustomerName);
            await Expect(page.Field("Street address")).ToHaveValueAsync(fedex.Street);
            await Expect(page.Field("City")).ToHaveValueAsync(fedex.City);
            await Expect(page.Field("State")).ToHaveValueAsync(fedex.State);
            await Expect(page.Field("ZIP code")).ToHaveValueAsync(fedex.PostalCode);
        }, phone: true);
        await t.Step("click Reconnect: FedEx asks for proof again", async () =>
        {
            await page.GetByRole(AriaRole.Main).Button("Reconnect").ClickAsync();
            await Expect(page.Heading($"Prove {nickname} is yours")).ToBeVisibleAsync();
            await page.GetByRole(AriaRole.Button, new() { NameRegex = SendByEmail() }).ClickAsync();
            await Expect(page.Heading("Enter the PIN")).ToBeVisibleAsync();
        });
        var newPin = await t.ReadPinInFedExInboxAsync(fedex.AccountNumber);
        await t.Step("enter the new PIN and click Verify", async () =>
        {
            await page.Field("PIN").FillAsync(newPin);
            await page.Button("Verify").ClickAsync();
            await Expect(page.Heading("Your FedEx account is reconnected")).ToBeVisibleAsync();
        }, phone: true);
        await DoneShowsConnectedAsync(t, fedex, nickname);

        (await Arrange.StateOfAsync(merchant, accountId)).ShouldBe("connected");
        (await Stack.WithDbAsync(db => db.CarrierAccounts.CountAsync(a => a.MerchantId == merchant.Id && a.Carrier == "fedex"))).ShouldBe(1, "the reconnect kept the same account");
    }

    [Fact]
    public async Task A_FedEx_account_proved_with_a_recent_invoice_is_connected()
    {
        const string nickname = "Invoice dock";
        var merchant = await Stack.CreateMerchantAsync("Harbor Goods");
        var fedex = await Stack.CreateFedExAccountAsync(mfa: "invoice");
        await using var t = await StartAsync();
        var page = t.Page;

        await t.SignInToCarrierLinkAsync(merchant.Email, merchant.Password);
        await AddAccountAsync(t, fedex, nickname);
        await t.Step("FedEx asks for proof: fill in the invoice", async () =>
        {
            await Expect(page.Heading($"Prove {nickname} is yours")).ToBeVisibleAsync();
            var invoice = page.Section("Use an invoice instead");
            await invoice.Field("Invoice number").FillAsync(fedex.InvoiceNumber);
            await invoice.Field("Invoice date").FillAsync(fedex.InvoiceDate);
            await invoice.Field("Amount").FillAsync(fedex.InvoiceAmount);
            await invoice.Field("Currency").FillAsync(fedex.InvoiceCurrency);
        }, phone: true);
        await t.Step("click Verify with this invoice", async () =>
        {
            await page.Button("Verify with this invoice").ClickAsync();
            await Expect(page.Heading("Your FedEx account is connected")).ToBeVisibleAsync();
        }, phone: true);
        await DoneShowsConnectedAsync(t, fedex, nickname);
    }

    /// <summary>Found by this test (issue 15): the refusal had nowhere to show with a saved ship-from address, so the page said nothing.</summary>
    [Fact]
    public async Task A_FedEx_label_from_a_saved_ship_from_address_without_a_phone_says_the_phone_is_missing()
    {
        // A merchant who shipped before has a ship-from address, saved without a phone (it is optional for USPS and UPS).
        var merchant = await Stack.CreateMerchantAsync("Harbor Goods");
        await merchant.SaveShipFromAsync();
        var fedex = await Stack.CreateFedExAccountAsync(mfa: "none");
        await using var t = await StartAsync();
        var page = t.Page;

        await t.SignInToCarrierLinkAsync(merchant.Email, merchant.Password);
        await AddAccountAsync(t, fedex, "Dock");
        await t.Step("FedEx issues the key at once", () => Expect(page.Heading("Your FedEx account is connected")).ToBeVisibleAsync());
        await t.Step("create a label to a recipient with a phone, from the saved address", async () =>
        {
            await page.MainNav().Link("Ship").ClickAsync();
            await page.GetByRole(AriaRole.Group, new() { Name = "Ship to" }).Field("Phone (optional)").FillAsync("4155550100");
            await page.Section("Create a label").Button("Create label").ClickAsync();
            await Expect(page.Section("Confirm your label")).ToContainTextAsync("FedEx Ground");
        });
        await t.Step("click Buy label: CarrierLink says the ship-from address needs a phone", async () =>
        {
            await BuyButton(page).ClickAsync();
            await Expect(page.Locator("main .field-error, main [role=alert]").Filter(new() { HasTextRegex = new Regex("phone", RegexOptions.IgnoreCase) }).First)
                .ToBeVisibleAsync();
            await Expect(page.Section("Labels")).ToContainTextAsync("No labels yet.");
        }, phone: true);
    }

    /// <summary>Settings > Carrier Settings > FedEx > Add account, the registration form filled in, Connect.</summary>
    private static async Task AddAccountAsync(BrowserRun t, FedExTestAccount fedex, string nickname)
    {
        var page = t.Page;
        await t.Step("go to Settings then Carrier Settings then FedEx", async () =>
        {
            await page.MainNav().Link("Settings").ClickAsync();
            await page.GetByRole(AriaRole.Main).Link("Carrier Settings").ClickAsync();
            await page.GetByRole(AriaRole.Main).Link("FedEx").ClickAsync();
            await Expect(page.Heading("FedEx Settings")).ToBeVisibleAsync();
        });
        await t.Step("click Add account and fill in the registration form", async () =>
        {
            await page.Link("Add account").ClickAsync();
            await Expect(page.Heading("Add a FedEx account")).ToBeVisibleAsync();
            await page.Field("Nickname").FillAsync(nickname);
            await page.Field("FedEx account number").FillAsync(fedex.AccountNumber);
            await page.Field("Name on the account").FillAsync(fedex.CustomerName);
            await page.Field("Street address").FillAsync(fedex.Street);
            await page.Field("City").FillAsync(fedex.City);
            await page.Field("State").FillAsync(fedex.State);
            await page.Field("ZIP code").FillAsync(fedex.PostalCode);
            await Expect(page.Field("Country (optional)")).ToBeEmptyAsync();
        }, phone: true);
        await t.Step("click Connect", () => page.Button("Connect").ClickAsync());
    }

    /// <summary>The first FedEx label: the ship-from address is typed in, with the phone numbers FedEx needs at both ends.</summary>
    private static async Task ShipALabelAsync(BrowserRun t)
    {
        var page = t.Page;
        await t.Step("open the Ship screen: FedEx services", async () =>
        {
            await page.MainNav().Link("Ship").ClickAsync();
            await Expect(page.Heading("Rates from FedEx")).ToBeVisibleAsync();
            await Expect(page.Section("Create a label").Field("Service").Locator("option"))
                .ToHaveTextAsync(["FedEx Ground", "FedEx 2Day", "FedEx Standard Overnight", "FedEx Priority Overnight"]);
        });
        await t.Step("fill in the ship-from address and both phone numbers, then Create label", async () =>
        {
            var from = page.GetByRole(AriaRole.Group, new() { Name = "Ship from" });
            await from.Field("Name").FillAsync("Jane Shipper");
            await from.Field("Street").FillAsync("123 Main St");
            await from.Field("City").FillAsync("New York");
            await from.Field("State").FillAsync("NY");
            await from.Field("ZIP").FillAsync("10001");
            await from.Field("Phone (optional)").FillAsync("2125550100");
            await page.GetByRole(AriaRole.Group, new() { Name = "Ship to" }).Field("Phone (optional)").FillAsync("4155550100");
            await page.Section("Create a label").Button("Create label").ClickAsync();
            await Expect(page.Section("Confirm your label")).ToContainTextAsync("FedEx Ground");
        }, phone: true);
        await t.Step("click Buy label", async () =>
        {
            await BuyButton(page).ClickAsync();
            await Expect(page.Locator("main [role=status]")).ToContainTextAsync("bought: FedEx Ground");
            await Expect(page.Section("Labels")).ToContainTextAsync("FedEx Ground");
        }, phone: true);
    }

    /// <summary>Done returns to FedEx Settings, where the one account is Connected under its account number.</summary>
    private static async Task DoneShowsConnectedAsync(BrowserRun t, FedExTestAccount fedex, string nickname)
    {
        var page = t.Page;
        await t.Step("click Done", async () =>
        {
            await Expect(page.GetByRole(AriaRole.Main)).ToContainTextAsync(fedex.AccountNumber);
            await page.Link("Done").ClickAsync();
            await Expect(page.Heading("FedEx Settings")).ToBeVisibleAsync();
            await Expect(page.Locator("main tbody tr")).ToHaveCountAsync(1);
            await Expect(page.Row(nickname)).ToContainTextAsync($"FedEx account {fedex.AccountNumber}");
            await Expect(page.Row(nickname).Locator(".badge")).ToHaveTextAsync("Connected");
            await Expect(page.AnyPrompt()).ToHaveCountAsync(0);
        }, phone: true);
    }

    private static ILocator BuyButton(IPage page) => page.GetByRole(AriaRole.Button, new() { NameRegex = BuyLabel() });

    [GeneratedRegex(@"^Buy label for \$\d+\.\d\d$")]
    private static partial Regex BuyLabel();

    [GeneratedRegex("^Send a PIN by email")]
    private static partial Regex SendByEmail();
}
