using System.Text.RegularExpressions;
using CarrierLink.BrowserTests.Support;
using CarrierLink.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Shouldly;
using static Microsoft.Playwright.Assertions;

namespace CarrierLink.BrowserTests.Pages;

/// <summary>
/// UPS direct as a merchant meets it: added from Carrier Settings with its shipper number, UPS.com's log-in and Allow,
/// a label under UPS's service names, then UPS stops accepting CarrierLink and Reconnect goes through UPS.com again.
/// </summary>
public sealed partial class UpsConnectionTests(SqliteStack stack, Chromium chromium) : BrowserTest(stack, chromium)
{
    private const string Nickname = "Dock";

    [Fact]
    public async Task A_UPS_account_added_in_Carrier_Settings_ships_and_after_a_revoke_Reconnect_at_UPS_com_keeps_the_same_account()
    {
        var merchant = await Stack.CreateMerchantAsync("Harbor Goods");
        await merchant.SaveShipFromAsync();
        var customer = await Stack.CreateUpsCustomerAsync();
        await using var t = await StartAsync();
        var page = t.Page;

        await t.SignInToCarrierLinkAsync(merchant.Email, merchant.Password);
        await t.Step("go to Settings then Carrier Settings: UPS is offered", async () =>
        {
            await page.MainNav().Link("Settings").ClickAsync();
            await page.GetByRole(AriaRole.Main).Link("Carrier Settings").ClickAsync();
            await Expect(page.Heading("Carrier Settings")).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Main).Link("UPS")).ToBeVisibleAsync();
            await Expect(page.Locator("main .disabled").Filter(new() { HasTextRegex = new Regex("^UPS$") })).ToHaveCountAsync(0);
        }, phone: true);
        await t.Step("select UPS and click Add account", async () =>
        {
            await page.GetByRole(AriaRole.Main).Link("UPS").ClickAsync();
            await Expect(page.Heading("UPS Settings")).ToBeVisibleAsync();
            await page.Link("Add account").ClickAsync();
            await Expect(page.Heading("Add a UPS account")).ToBeVisibleAsync();
        });
        await t.Step("name the account and give the UPS account number", async () =>
        {
            await page.Field("Nickname").FillAsync(Nickname);
            await page.Field("UPS account number").FillAsync(customer.Crid);
        }, phone: true);
        await t.Step("click Continue to UPS", async () =>
        {
            await page.Button("Continue to UPS").ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("^" + Regex.Escape(Stack.SandboxUrl.ToString())));
        });
        await t.LogInAndAllowAtUpsAsync(customer, "Your UPS account is connected");
        await DoneShowsConnectedAsync(t, customer);
        var accountId = await Stack.WithDbAsync(db => db.CarrierAccounts.Where(a => a.MerchantId == merchant.Id && a.Carrier == "ups").Select(a => a.Id).SingleAsync());

        await t.Step("open the Ship screen: UPS services, and no End of Day form", async () =>
        {
            await page.MainNav().Link("Ship").ClickAsync();
            await Expect(page.Heading("Rates from UPS")).ToBeVisibleAsync();
            await Expect(page.Section("Create a label").Field("Service").Locator("option"))
                .ToHaveTextAsync(["UPS Ground", "UPS 3 Day Select", "UPS 2nd Day Air", "UPS Next Day Air"]);
            await Expect(page.Section("End of Day")).ToContainTextAsync("UPS has no End of Day form");
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Create End of Day form" })).ToHaveCountAsync(0);
        }, phone: true);
        await t.Step("create a UPS Ground label", async () =>
        {
            await page.Section("Create a label").Button("Create label").ClickAsync();
            await Expect(page.Section("Confirm your label")).ToContainTextAsync("UPS Ground");
            await Expect(BuyButton(page)).ToBeVisibleAsync();
        });
        await t.Step("click Buy label", async () =>
        {
            await BuyButton(page).ClickAsync();
            await Expect(page.Locator("main [role=status]")).ToContainTextAsync("bought: UPS Ground");
            await Expect(page.Section("Labels").GetByRole(AriaRole.Row).Filter(new() { HasText = "1Z" })).ToContainTextAsync("UPS Ground");
        }, phone: true);

        await Stack.RevokeAtCarrierAsync("ups", customer.Username);
        await t.Step("get rates after UPS stopped accepting CarrierLink", async () =>
        {
            await page.Button("Get rates").ClickAsync();
            await Expect(page.Locator("main [role=alert]")).ToContainTextAsync($"UPS no longer accepts CarrierLink's connection to {Nickname}");
        });
        await t.Step("CarrierLink prompts to reconnect UPS", async () =>
        {
            var prompt = page.Prompt("UPS");
            await Expect(prompt).ToBeVisibleAsync();
            await Expect(prompt).ToContainTextAsync(Nickname);
            await Expect(prompt).ToContainTextAsync("Sign in to UPS again to reconnect");
            await Expect(prompt.Button("Reconnect")).ToBeFocusedAsync();
            await Expect(prompt.Button("Remind Me Later")).ToBeVisibleAsync();
        }, phone: true);
        await t.Step("click Reconnect", async () =>
        {
            await page.Prompt("UPS").Button("Reconnect").ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("^" + Regex.Escape(Stack.SandboxUrl.ToString())));
        });
        await t.LogInAndAllowAtUpsAsync(customer, "Your UPS account is reconnected");
        await DoneShowsConnectedAsync(t, customer);

        (await Arrange.StateOfAsync(merchant, accountId)).ShouldBe("connected");
        (await Stack.WithDbAsync(db => db.CarrierAccounts.CountAsync(a => a.MerchantId == merchant.Id && a.Carrier == "ups"))).ShouldBe(1, "the reconnect kept the same account");
    }

    /// <summary>Done returns to UPS Settings, where the one account is Connected under its shipper number.</summary>
    private static async Task DoneShowsConnectedAsync(BrowserRun t, SandboxCustomer customer)
    {
        var page = t.Page;
        await t.Step("click Done", async () =>
        {
            await Expect(page.GetByRole(AriaRole.Main)).ToContainTextAsync(customer.Crid);
            await Expect(page.GetByRole(AriaRole.Main)).ToContainTextAsync("is ready to ship with.");
            await page.Link("Done").ClickAsync();
            await Expect(page.Heading("UPS Settings")).ToBeVisibleAsync();
            await Expect(page.Locator("main tbody tr")).ToHaveCountAsync(1);
            await Expect(page.Row(Nickname)).ToContainTextAsync($"UPS account {customer.Crid}");
            await Expect(page.Row(Nickname).Locator(".badge")).ToHaveTextAsync("Connected");
            await Expect(page.AnyPrompt()).ToHaveCountAsync(0);
        }, phone: true);
    }

    private static ILocator BuyButton(IPage page) => page.GetByRole(AriaRole.Button, new() { NameRegex = BuyLabel() });

    [GeneratedRegex(@"^Buy label for \$\d+\.\d\d$")]
    private static partial Regex BuyLabel();
}
