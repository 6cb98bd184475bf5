using System.Text.RegularExpressions;
using CarrierLink.BrowserTests.Support;
using CarrierLink.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Shouldly;
using static Microsoft.Playwright.Assertions;

namespace CarrierLink.BrowserTests.Pages;

/// <summary>
/// The Ship screen as a merchant uses it for a day: services by their carrier's names, a price confirmed before
/// buying, a reload that buys nothing, errors next to their fields, and a void that says what comes back.
/// </summary>
public sealed partial class ShipScreenTests(SqliteStack stack, Chromium chromium) : BrowserTest(stack, chromium)
{
    [Fact]
    public async Task A_UPS_One_Balance_label_is_bought_under_its_UPS_service_name_and_no_End_of_Day_is_offered()
    {
        var (merchant, _, accountId) = await Arrange.ConnectedOneBalanceAsync(Stack, "ups_one_balance", "UPS via One Balance");
        await using var t = await StartAsync();
        var page = t.Page;
        await t.SignInToCarrierLinkAsync(merchant.Email, merchant.Password);

        await t.Step("open the Ship screen", async () =>
        {
            await page.MainNav().Link("Ship").ClickAsync();
            await Expect(page.Heading("Rates from UPS One Balance")).ToBeVisibleAsync();
            // UPS has no End of Day form: the screen says so rather than offering one.
            await Expect(page.Section("End of Day")).ToContainTextAsync("UPS has no End of Day form");
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Create End of Day form" })).ToHaveCountAsync(0);
            await Expect(page.GetByText("UPS picks up at your default ship-from address")).ToBeVisibleAsync();
            await Expect(page.Locator("main")).Not.ToContainTextAsync("USPS");
        }, phone: true);
        await t.Step("choose UPS 2nd Day Air and click Create label", async () =>
        {
            var label = page.Section("Create a label");
            await Expect(label.Field("Service").Locator("option")).ToHaveTextAsync(["UPS Ground", "UPS 3 Day Select", "UPS 2nd Day Air", "UPS Next Day Air"]);
            await label.Field("Service").SelectOptionAsync(new SelectOptionValue { Label = "UPS 2nd Day Air" });
            await label.Button("Create label").ClickAsync();
            await Expect(page.Section("Confirm your label")).ToContainTextAsync("UPS 2nd Day Air");
            await Expect(BuyButton(page)).ToBeVisibleAsync();
        }, phone: true);
        await t.Step("click Buy label", async () =>
        {
            await BuyButton(page).ClickAsync();
            await Expect(page.Locator("main [role=status]")).ToContainTextAsync("UPS 2nd Day Air");
            await Expect(page.Section("Labels").GetByRole(AriaRole.Row).Filter(new() { HasText = "1Z" })).ToContainTextAsync("UPS 2nd Day Air");
            await Expect(page.Section("Labels")).Not.ToContainTextAsync("PRIORITY");
        }, phone: true);
        await t.Step("on a phone the label is a card and Void stays in view", async () =>
        {
            await page.SetViewportSizeAsync(BrowserRun.Phone.Width, BrowserRun.Phone.Height);
            var voidLink = page.GetByRole(AriaRole.Link, new() { NameRegex = VoidLabel() });
            await voidLink.ScrollIntoViewIfNeededAsync();
            await Expect(voidLink).ToBeInViewportAsync();
            var box = (await voidLink.BoundingBoxAsync()).ShouldNotBeNull();
            (box.X + box.Width).ShouldBeLessThanOrEqualTo(BrowserRun.Phone.Width);
        }, phone: true);

        var labels = await Stack.WithDbAsync(db => db.Labels.Where(l => l.AccountId == accountId).ToListAsync());
        labels.Select(l => l.MailClass).ShouldBe(["ups_2nd_day_air"]);
    }

    [Fact]
    public async Task Reloading_after_buying_a_label_buys_nothing_more()
    {
        var (merchant, _, accountId) = await Arrange.ConnectedOneBalanceAsync(Stack, "stamps", "My One Balance");
        await using var t = await StartAsync();
        var page = t.Page;
        await t.SignInToCarrierLinkAsync(merchant.Email, merchant.Password);

        await t.Step("open the Ship screen and click Create label", async () =>
        {
            await page.MainNav().Link("Ship").ClickAsync();
            await page.Section("Create a label").Button("Create label").ClickAsync();
            await Expect(page.Section("Confirm your label")).ToContainTextAsync("USPS Ground Advantage");
        });
        await t.Step("click Buy label", async () =>
        {
            await BuyButton(page).ClickAsync();
            await Expect(page.Locator("main [role=status]")).ToContainTextAsync("bought");
        });
        await t.Step("reload the page", async () =>
        {
            await page.ReloadAsync();
            await Expect(page.Heading("Ship")).ToBeVisibleAsync();
            await Expect(page.Section("Labels").GetByRole(AriaRole.Row)).ToHaveCountAsync(2); // the header and one label
        });
        (await Stack.WithDbAsync(db => db.Labels.CountAsync(l => l.AccountId == accountId))).ShouldBe(1);
    }

    [Fact]
    public async Task A_bad_Rates_submit_shows_errors_next_to_its_fields_and_leaves_the_label_form_untouched()
    {
        var (merchant, _, _) = await Arrange.ConnectedOneBalanceAsync(Stack, "stamps", "My One Balance");
        await using var t = await StartAsync();
        var page = t.Page;
        await t.SignInToCarrierLinkAsync(merchant.Email, merchant.Password);

        await t.Step("type a bad ZIP and weight into Rates", async () =>
        {
            await page.MainNav().Link("Ship").ClickAsync();
            var rates = page.Section("Rates from One Balance (Stamps.com)");
            await rates.Field("To ZIP").FillAsync("abc");
            await rates.Field("Weight (oz)").FillAsync("-3");
        });
        await t.Step("click Get rates", async () =>
        {
            await page.Button("Get rates").ClickAsync();
            var rates = page.Section("Rates from One Balance (Stamps.com)");
            await Expect(rates.Field("To ZIP")).ToHaveAttributeAsync("aria-invalid", "true");
            await Expect(rates.Field("To ZIP")).ToHaveAccessibleDescriptionAsync(new Regex("^To ZIP must be a 5-digit ZIP code"));
            await Expect(rates.Field("To ZIP")).ToBeFocusedAsync();
            await Expect(rates.Field("Weight (oz)")).ToHaveAccessibleDescriptionAsync(new Regex("^Weight must be more than 0 oz"));
            var label = page.Section("Create a label");
            await Expect(label.Field("Weight (oz)")).ToHaveValueAsync("24");
            await Expect(label.Field("ZIP").Last).ToHaveValueAsync("94105");
            await Expect(label.Locator("[aria-invalid=true]")).ToHaveCountAsync(0);
            await Expect(page.Locator("main")).Not.ToContainTextAsync("weight oz");
        }, phone: true);
    }

    [Fact]
    public async Task Void_asks_for_confirmation_showing_the_refund()
    {
        var (merchant, _, accountId) = await Arrange.ConnectedOneBalanceAsync(Stack, "stamps", "My One Balance");
        await using var t = await StartAsync();
        var page = t.Page;
        await t.SignInToCarrierLinkAsync(merchant.Email, merchant.Password);
        string price = "";
        await t.Step("buy a label", async () =>
        {
            await page.MainNav().Link("Ship").ClickAsync();
            await page.Section("Create a label").Button("Create label").ClickAsync();
            price = Price().Match(await BuyButton(page).InnerTextAsync()).Value;
            await BuyButton(page).ClickAsync();
            await Expect(page.Locator("main [role=status]")).ToContainTextAsync("bought");
        });
        await t.Step("click Void", async () =>
        {
            await page.GetByRole(AriaRole.Link, new() { NameRegex = VoidLabel() }).ClickAsync();
            await Expect(page.Heading("Void this label?")).ToBeVisibleAsync();
            await Expect(page.Locator("main")).ToContainTextAsync($"{price} back to your One Balance (Stamps.com) account");
            await Expect(page.Button($"Void label and refund {price}")).ToBeVisibleAsync();
        }, phone: true);
        (await Stack.WithDbAsync(db => db.Labels.SingleAsync(l => l.AccountId == accountId))).Status.ShouldBe("purchased", "nothing is voided before the confirmation");
        await t.Step("confirm the void", async () =>
        {
            await page.Button($"Void label and refund {price}").ClickAsync();
            await Expect(page.Locator("main [role=status]")).ToContainTextAsync($"voided. {price} is refunded");
            await Expect(page.Section("Labels")).ToContainTextAsync("Voided");
        });
        (await Stack.WithDbAsync(db => db.Labels.SingleAsync(l => l.AccountId == accountId))).Status.ShouldBe("voided");
    }

    [Fact]
    public async Task Ship_from_addresses_are_kept_in_Settings_with_errors_next_to_their_fields()
    {
        var (merchant, _, _) = await Arrange.ConnectedOneBalanceAsync(Stack, "stamps", "My One Balance");
        await using var t = await StartAsync();
        var page = t.Page;
        await t.SignInToCarrierLinkAsync(merchant.Email, merchant.Password);

        await t.Step("open Settings > Ship-from addresses", async () =>
        {
            await page.MainNav().Link("Settings").ClickAsync();
            await page.GetByRole(AriaRole.Main).Link("Ship-from addresses").ClickAsync();
            await Expect(page.Heading("Ship-from addresses")).ToBeVisibleAsync();
            await Expect(page.Section("Your addresses")).ToContainTextAsync("Harbor Goods, 123 Main St, New York, NY 10001");
        }, phone: true);
        await t.Step("add an address with a bad state and ZIP", async () =>
        {
            var add = page.Section("Add an address");
            await add.Field("Name").FillAsync("Back Office");
            await add.Field("Street").FillAsync("9 Dock St");
            await add.Field("City").FillAsync("Portland");
            await add.Field("State").FillAsync("O");
            await add.Field("ZIP").FillAsync("9720");
            await add.Button("Save address").ClickAsync();
            await Expect(add.Field("State")).ToHaveAttributeAsync("aria-invalid", "true");
            await Expect(add.Field("State")).ToBeFocusedAsync();
            await Expect(add.Field("State")).ToHaveAccessibleDescriptionAsync("State must be a two-letter state code, like NY");
            await Expect(add.Field("ZIP")).ToHaveAccessibleDescriptionAsync(new Regex("^ZIP must be a 5-digit ZIP code"));
            await Expect(add.Field("Name")).ToHaveValueAsync("Back Office");
        }, phone: true);
        await t.Step("correct them, make it the default and save", async () =>
        {
            var add = page.Section("Add an address");
            await add.Field("State").FillAsync("OR");
            await add.Field("ZIP").FillAsync("97201");
            await add.GetByLabel("Make this my default ship-from address").CheckAsync();
            await add.Button("Save address").ClickAsync();
            await Expect(page.Locator("main [role=status]")).ToHaveTextAsync("Address saved.");
            await Expect(page.Section("Your addresses").Locator("li").First).ToContainTextAsync("Back Office, 9 Dock St, Portland, OR 97201");
            await Expect(page.Section("Your addresses").Locator("li").First).ToContainTextAsync("Default");
        }, phone: true);
        await t.Step("the Ship screen ships from the new default", async () =>
        {
            await page.MainNav().Link("Ship").ClickAsync();
            await Expect(page.Section("Create a label").Field("Ship from").Locator("option:checked")).ToHaveTextAsync("Back Office, 9 Dock St, Portland, OR 97201");
            await Expect(page.Section("Rates from One Balance (Stamps.com)").Field("From ZIP")).ToHaveValueAsync("97201");
        });
    }

    private static ILocator BuyButton(IPage page) => page.GetByRole(AriaRole.Button, new() { NameRegex = BuyLabel() });

    [GeneratedRegex(@"^Buy label for \$\d+\.\d\d$")]
    private static partial Regex BuyLabel();

    [GeneratedRegex(@"\$\d+\.\d\d")]
    private static partial Regex Price();

    [GeneratedRegex("^Void label ")]
    private static partial Regex VoidLabel();
}
