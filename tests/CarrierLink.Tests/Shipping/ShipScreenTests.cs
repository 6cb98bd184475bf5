using System.Net;
using System.Net.Http.Json;
using CarrierLink.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace CarrierLink.Tests.Shipping;

/// <summary>The Ship screen's forms, as a person uses them (defaults filled in, buttons by their names).</summary>
public sealed class ShipScreenTests(SqliteStack fixture) : IClassFixture<SqliteStack>
{
    [Fact]
    public async Task Rates_a_label_a_void_an_End_of_Day_form_and_a_pickup_from_the_Ship_screen()
    {
        var (merchant, _) = await ConnectedUspsAsync();
        using var browser = await merchant.SignedInBrowserAsync();
        var ship = await browser.GetAsync("/ship");

        var rates = await browser.SubmitAsync(ship, "form", new(), "Get rates");
        rates.Document.QuerySelectorAll("table.rates tbody tr").Length.ShouldBe(3);
        rates.Document.QuerySelector("#rates-heading")!.TextContent.ShouldBe("Rates from USPS");

        var first = await BuyAsync(browser, rates);
        first.Document.QuerySelector("[role=status]")!.TextContent.ShouldContain("bought");
        var confirmVoid = await browser.GetAsync(new Uri(first.Url, first.Document.QuerySelector("a[aria-label^='Void label']")!.GetAttribute("href")).ToString());
        confirmVoid.Heading.ShouldBe("Void this label?");
        var refund = confirmVoid.Document.QuerySelectorAll("button").Single(b => b.TextContent.StartsWith("Void label and refund $", StringComparison.Ordinal)).TextContent;
        var voided = await browser.SubmitAsync(confirmVoid, "form", new(), refund);
        voided.Document.QuerySelector("[role=status]")!.TextContent.ShouldContain("voided");

        var second = await BuyAsync(browser, voided);
        var form = await browser.SubmitAsync(second, "form", new(), "Create End of Day form");
        form.Document.QuerySelector("[role=status]")!.TextContent.ShouldContain("End of Day form");
        var pdf = await browser.FollowLinkAsync(form, form.Document.QuerySelectorAll("a").First(a => a.TextContent.StartsWith("End of Day form ", StringComparison.Ordinal)).TextContent.Trim());
        pdf.Status.ShouldBe(HttpStatusCode.OK);

        var pickup = await browser.SubmitAsync(form, "form", new(), "Schedule pickup");
        pickup.Document.QuerySelector("[role=status]")!.TextContent.ShouldContain("scheduled");
        var canceled = await browser.SubmitAsync(pickup, "form", new(), "Cancel pickup");
        canceled.Document.QuerySelector("[role=status]")!.TextContent.ShouldContain("canceled");
    }

    [Fact]
    public async Task A_bad_Rates_form_is_answered_next_to_its_fields_without_touching_the_label_form()
    {
        var (merchant, _) = await ConnectedUspsAsync();
        using var browser = await merchant.SignedInBrowserAsync();

        var page = await browser.SubmitAsync(await browser.GetAsync("/ship"), "form", new() { ["rates.WeightOz"] = "-3", ["rates.ToZip"] = "abc" }, "Get rates");

        page.Status.ShouldBe(HttpStatusCode.BadRequest);
        page.Document.QuerySelector("#rates-weight")!.GetAttribute("aria-invalid").ShouldBe("true");
        page.Document.QuerySelector("#rates-weight")!.GetAttribute("aria-describedby").ShouldBe("rates-weight-error");
        page.Document.QuerySelector("#rates-weight-error")!.TextContent.ShouldStartWith("Weight must be more than 0 oz");
        page.Document.QuerySelector("#rates-to-error")!.TextContent.ShouldStartWith("To ZIP must be a 5-digit ZIP code");
        page.Document.QuerySelector("#rates-to")!.HasAttribute("autofocus").ShouldBeTrue("the first invalid field gets the focus");
        page.Document.QuerySelector("#label-weight")!.GetAttribute("value").ShouldBe("24");
        page.Document.QuerySelector("#to-zip")!.GetAttribute("value").ShouldBe("94105");
        page.Document.QuerySelector("#to-zip")!.HasAttribute("aria-invalid").ShouldBeFalse();
        page.Text.ShouldNotContain("weight oz");
    }

    [Fact]
    public async Task A_bad_label_form_says_what_is_missing_in_plain_words_next_to_each_field()
    {
        var (merchant, _) = await ConnectedUspsAsync();
        using var browser = await merchant.SignedInBrowserAsync();

        var page = await browser.SubmitAsync(await browser.GetAsync("/ship"), "form", new() { ["label.To.Name"] = "", ["label.To.State"] = "New York", ["label.WeightOz"] = "0" }, "Create label");

        page.Status.ShouldBe(HttpStatusCode.BadRequest);
        page.Document.QuerySelector("#to-name-error")!.TextContent.ShouldBe("Enter the recipient's name");
        page.Document.QuerySelector("#to-state-error")!.TextContent.ShouldContain("two-letter state code");
        page.Document.QuerySelector("#label-weight-error")!.TextContent.ShouldStartWith("Weight must be more than 0 oz");
        page.Document.QuerySelector("#to-name")!.HasAttribute("autofocus").ShouldBeTrue();
        page.Document.QuerySelectorAll("[autofocus]").Length.ShouldBe(1);
    }

    [Fact]
    public async Task The_same_Buy_form_sent_twice_buys_one_label()
    {
        var (merchant, accountId) = await ConnectedUspsAsync();
        using var browser = await merchant.SignedInBrowserAsync();
        var confirm = await browser.SubmitAsync(await browser.GetAsync("/ship"), "form", new(), "Create label");
        var buy = BuyButton(confirm);

        var first = await browser.SubmitAsync(confirm, "form", new(), buy);
        var again = await browser.SubmitAsync(confirm, "form", new(), buy);
        var reloaded = await browser.GetAsync(first.Url.ToString());

        first.Document.QuerySelector("[role=status]")!.TextContent.ShouldContain("bought");
        again.Document.QuerySelector("[role=status]")!.TextContent.ShouldContain("bought");
        first.Hops.Count.ShouldBeGreaterThan(0, "a bought label redirects (post/redirect/get)");
        reloaded.Status.ShouldBe(HttpStatusCode.OK);
        (await fixture.Stack.WithDbAsync(db => db.Labels.CountAsync(l => l.AccountId == accountId))).ShouldBe(1);
    }

    [Fact]
    public async Task The_first_label_asks_for_the_ship_from_address_and_keeps_it()
    {
        var merchant = await fixture.Stack.CreateMerchantAsync();
        await merchant.ConnectUspsAsync(await fixture.Stack.CreateUspsCustomerAsync());
        using var browser = await merchant.SignedInBrowserAsync();
        var ship = await browser.GetAsync("/ship");
        ship.Text.ShouldNotContain("Demo Shipping Co");
        ship.Document.QuerySelector("#from-name")!.GetAttribute("value").ShouldBeNullOrEmpty();

        var confirm = await browser.SubmitAsync(ship, "form", new()
        {
            ["label.From.Name"] = "Harbor Goods", ["label.From.Street"] = "77 Pier Rd", ["label.From.City"] = "Boston", ["label.From.State"] = "ma", ["label.From.Zip"] = "02110",
        }, "Create label");

        var resent = await browser.SubmitAsync(ship, "form", new()
        {
            ["label.From.Name"] = "Harbor Goods", ["label.From.Street"] = "77 Pier Rd", ["label.From.City"] = "Boston", ["label.From.State"] = "ma", ["label.From.Zip"] = "02110",
        }, "Create label");

        confirm.Document.QuerySelector(".confirm-label")!.TextContent.ShouldContain("Harbor Goods, 77 Pier Rd, Boston, MA 02110");
        resent.Document.QuerySelector(".confirm-label").ShouldNotBeNull();
        var saved = await fixture.Stack.WithDbAsync(db => db.ShipFromAddresses.Where(a => a.MerchantId == merchant.Id).ToListAsync());
        saved.Count.ShouldBe(1);
        saved[0].IsDefault.ShouldBeTrue();
        var settings = await browser.GetAsync("/settings/ship-from");
        settings.Text.ShouldContain("77 Pier Rd");
    }

    [Fact]
    public async Task Removing_the_default_ship_from_address_asks_first_and_makes_the_next_one_the_default()
    {
        var merchant = await fixture.Stack.CreateMerchantAsync();
        await merchant.SaveShipFromAsync("Harbor Goods", "123 Main St");
        await merchant.Stack.WithDbAsync(async db =>
        {
            db.ShipFromAddresses.Add(new CarrierLink.Web.Data.ShipFromAddress { MerchantId = merchant.Id, Name = "Dock 2", Street1 = "9 Quay St", City = "Boston", State = "MA", Zip = "02110", CreatedAt = db.UtcNow.AddMinutes(1) });
            return await db.SaveChangesAsync();
        });
        using var browser = await merchant.SignedInBrowserAsync();
        var list = await browser.GetAsync("/settings/ship-from");
        var removeLink = list.Document.QuerySelectorAll("a").First(a => a.TextContent.StartsWith("Remove", StringComparison.Ordinal) && a.TextContent.Contains("123 Main St", StringComparison.Ordinal));

        var confirm = await browser.GetAsync(removeLink.GetAttribute("href")!);
        confirm.Text.ShouldContain("Labels already bought keep the address they were bought with.");
        confirm.Text.ShouldContain("Dock 2, 9 Quay St, Boston, MA 02110 becomes your default.");
        (await fixture.Stack.WithDbAsync(db => db.ShipFromAddresses.CountAsync(a => a.MerchantId == merchant.Id))).ShouldBe(2, "nothing is removed before the merchant confirms");
        var after = await browser.SubmitAsync(confirm, "main form", new());

        after.Url.AbsolutePath.ShouldBe("/settings/ship-from");
        after.Text.ShouldContain("is now your default");
        var left = await fixture.Stack.WithDbAsync(db => db.ShipFromAddresses.Where(a => a.MerchantId == merchant.Id).ToListAsync());
        left.Single().Name.ShouldBe("Dock 2");
        left.Single().IsDefault.ShouldBeTrue();
    }

    [Fact]
    public async Task A_UPS_One_Balance_account_offers_UPS_services_by_name_and_says_UPS_has_no_End_of_Day_form()
    {
        var merchant = await fixture.Stack.CreateMerchantAsync();
        await merchant.SaveShipFromAsync();
        await merchant.ConnectOneBalanceAsync(await fixture.Stack.CreateStampsCustomerAsync(), "ups_one_balance", "UPS via One Balance");
        using var browser = await merchant.SignedInBrowserAsync();

        var ship = await browser.GetAsync("/ship");

        ship.Document.QuerySelector("#rates-heading")!.TextContent.ShouldBe("Rates from UPS One Balance");
        ship.Document.QuerySelectorAll("#mail-class option").Select(o => o.TextContent).ShouldBe(["UPS Ground", "UPS 3 Day Select", "UPS 2nd Day Air", "UPS Next Day Air"]);
        // UPS has no End of Day form: the screen says so instead of offering one (issue 15).
        ship.Document.QuerySelector("form[action*='EndOfDay']").ShouldBeNull();
        ship.Text.ShouldContain("UPS has no End of Day form");
        ship.Text.ShouldNotContain("USPS");
        ship.Text.ShouldContain("UPS picks up at your default ship-from address");
    }

    [Fact]
    public async Task A_broken_UPS_One_Balance_account_says_to_request_help_with_the_link_not_to_reconnect()
    {
        var merchant = await fixture.Stack.CreateMerchantAsync();
        await merchant.SaveShipFromAsync();
        var customer = await fixture.Stack.CreateStampsCustomerAsync();
        var accountId = await merchant.ConnectOneBalanceAsync(customer, "ups_one_balance", "UPS via One Balance");
        (await fixture.Stack.Control.PostAsJsonAsync($"/_control/customers/stamps/{customer.Username}/password", new { password = "Changed Elsewhere 9" })).EnsureSuccessStatusCode();
        using var browser = await merchant.SignedInBrowserAsync();

        var failed = await browser.SubmitAsync(await browser.GetAsync("/ship"), "form", new(), "Get rates");
        var later = await browser.GetAsync("/ship");

        failed.Status.ShouldBe(HttpStatusCode.FailedDependency);
        var alert = failed.Document.QuerySelector("main [role=alert]")!;
        alert.TextContent.ShouldContain("Only Customer Service can reconnect");
        alert.TextContent.ShouldNotContain("Reconnect it");
        alert.QuerySelector("a")!.GetAttribute("href").ShouldBe($"/settings/one-balance/{accountId}/support");
        alert.QuerySelector("a")!.TextContent.ShouldStartWith("Request help");
        var warning = later.Document.QuerySelector("main .warning-card")!;
        warning.TextContent.ShouldContain("Contact Customer Service");
        warning.QuerySelector("a")!.GetAttribute("href").ShouldBe($"/settings/one-balance/{accountId}/support");
    }

    private async Task<(TestMerchant Merchant, Guid AccountId)> ConnectedUspsAsync()
    {
        var merchant = await fixture.Stack.CreateMerchantAsync();
        await merchant.SaveShipFromAsync();
        var accountId = await merchant.ConnectUspsAsync(await fixture.Stack.CreateUspsCustomerAsync());
        return (merchant, accountId);
    }

    private static async Task<BrowserPage> BuyAsync(Browser browser, BrowserPage ship)
    {
        var confirm = await browser.SubmitAsync(ship, "form", new(), "Create label");
        return await browser.SubmitAsync(confirm, "form", new(), BuyButton(confirm));
    }

    private static string BuyButton(BrowserPage confirm) =>
        confirm.Document.QuerySelectorAll("button").Single(b => b.TextContent.StartsWith("Buy label for $", StringComparison.Ordinal)).TextContent.Trim();
}
