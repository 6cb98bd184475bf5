using System.Net;
using CarrierLink.Tests.Support;
using Shouldly;

namespace CarrierLink.Tests.Shipping;

/// <summary>The Ship screen's forms, as a person uses them (defaults filled in, buttons by their names).</summary>
public sealed class ShipScreenTests(SqliteStack fixture) : IClassFixture<SqliteStack>
{
    [Fact]
    public async Task Rates_a_label_a_void_an_End_of_Day_form_and_a_pickup_from_the_Ship_screen()
    {
        var merchant = await fixture.Stack.CreateMerchantAsync();
        var customer = await fixture.Stack.CreateUspsCustomerAsync();
        await merchant.ConnectUspsAsync(customer);
        using var browser = await merchant.SignedInBrowserAsync();
        var ship = await browser.GetAsync("/ship");

        var rates = await browser.SubmitAsync(ship, "form", new(), "Get rates");
        rates.Document.QuerySelectorAll("table.list tbody tr").Length.ShouldBe(3);

        var first = await browser.SubmitAsync(rates, "form", new(), "Create label");
        first.Document.QuerySelector("[role=status]")!.TextContent.ShouldContain("created");
        var voided = await browser.SubmitAsync(first, "form", new(), "Void");
        voided.Document.QuerySelector("[role=status]")!.TextContent.ShouldContain("voided");

        var second = await browser.SubmitAsync(voided, "form", new(), "Create label");
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
    public async Task A_bad_form_is_answered_on_the_page_without_calling_the_carrier()
    {
        var merchant = await fixture.Stack.CreateMerchantAsync();
        var customer = await fixture.Stack.CreateUspsCustomerAsync();
        await merchant.ConnectUspsAsync(customer);
        using var browser = await merchant.SignedInBrowserAsync();

        var page = await browser.SubmitAsync(await browser.GetAsync("/ship"), "form", new() { ["weightOz"] = "heavy", ["toZip"] = "ABCDE" }, "Get rates");

        page.Status.ShouldBe(HttpStatusCode.BadRequest);
        page.Document.QuerySelector("[role=alert]")!.TextContent.ShouldContain("weight oz");
    }
}
