using System.Net;
using CarrierLink.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace CarrierLink.Tests.Security;

/// <summary>
/// Issue 13, finding 8: <c>/ship?handler=Rates&amp;account=not-a-guid</c> showed and priced with the merchant's first account.
/// An id that is not an id, or is another merchant's, is "not found", never a silent fallback to something else.
/// </summary>
public abstract class UnreadableIdTests(StackFixture fixture)
{
    private TestStack Stack => fixture.Stack;

    [Theory]
    [InlineData("/ship?handler=Rates&account=not-a-guid")]
    [InlineData("/ship?account=not-a-guid")]
    [InlineData("/ship/void?account=not-a-guid&trackingNumber=9400")]
    public async Task A_page_opened_with_an_account_id_that_is_not_an_id_is_not_found(string path)
    {
        var merchant = await Stack.CreateMerchantAsync();
        await merchant.ConnectOneBalanceAsync(await Stack.CreateStampsCustomerAsync(), nickname: "First by name");
        using var browser = await merchant.SignedInBrowserAsync();

        var page = await browser.GetAsync(path);

        page.Status.ShouldBe(HttpStatusCode.NotFound, path);
        page.Heading.ShouldBe("We could not find that page");
        page.Text.ShouldNotContain("First by name");
    }

    [Fact]
    public async Task Getting_rates_with_an_account_id_that_is_not_an_id_prices_nothing_instead_of_using_the_first_account()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var first = await merchant.ConnectOneBalanceAsync(await Stack.CreateStampsCustomerAsync(), nickname: "First by name");
        using var browser = await merchant.SignedInBrowserAsync();
        var ship = await browser.GetAsync($"/ship?account={first}");

        var rates = await browser.PostFormAsync("/ship?handler=Rates&account=not-a-guid", new()
        {
            ["__RequestVerificationToken"] = TokenOf(ship),
            ["rates.FromZip"] = "10001",
            ["rates.ToZip"] = "94105",
            ["rates.WeightOz"] = "24",
        });

        rates.Status.ShouldBe(HttpStatusCode.NotFound);
        rates.Heading.ShouldBe("We could not find that page");
        rates.Document.QuerySelector("table.rates").ShouldBeNull();
    }

    [Fact]
    public async Task Another_merchants_account_id_is_not_found_on_the_Ship_screen()
    {
        var owner = await Stack.CreateMerchantAsync();
        var theirs = await owner.ConnectOneBalanceAsync(await Stack.CreateStampsCustomerAsync(), nickname: "Not yours");
        var merchant = await Stack.CreateMerchantAsync();
        var mine = await merchant.ConnectOneBalanceAsync(await Stack.CreateStampsCustomerAsync(), nickname: "Mine");
        using var browser = await merchant.SignedInBrowserAsync();
        var ship = await browser.GetAsync($"/ship?account={mine}");

        var page = await browser.GetAsync($"/ship?account={theirs}");
        var rates = await browser.PostFormAsync($"/ship?handler=Rates&account={theirs}", new()
        {
            ["__RequestVerificationToken"] = TokenOf(ship),
            ["rates.FromZip"] = "10001",
            ["rates.ToZip"] = "94105",
            ["rates.WeightOz"] = "24",
        });

        page.Status.ShouldBe(HttpStatusCode.NotFound);
        page.Text.ShouldNotContain("Not yours");
        rates.Status.ShouldBe(HttpStatusCode.NotFound);
        rates.Document.QuerySelector("table.rates").ShouldBeNull();
    }

    [Fact]
    public async Task A_ship_from_choice_that_is_not_an_id_is_refused_next_to_the_field_and_nothing_is_saved()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var account = await merchant.ConnectOneBalanceAsync(await Stack.CreateStampsCustomerAsync());
        await merchant.SaveShipFromAsync();
        using var browser = await merchant.SignedInBrowserAsync();
        var ship = await browser.GetAsync($"/ship?account={account}");

        var page = await browser.SubmitAsync(ship, "form", new() { ["label.ShipFromId"] = "tampered-choice" }, "Create label");

        page.Status.ShouldBe(HttpStatusCode.BadRequest);
        page.Document.QuerySelector("#ship-from")!.GetAttribute("aria-invalid").ShouldBe("true");
        page.Document.QuerySelector("#ship-from-error")!.TextContent.ShouldContain("not one of your addresses");
        page.Document.QuerySelector("#buy-heading, form[action*='handler=Buy']").ShouldBeNull("no price is offered for an address nobody chose");
        (await Stack.WithDbAsync(db => db.ShipFromAddresses.CountAsync(a => a.MerchantId == merchant.Id))).ShouldBe(1);
    }

    private static string TokenOf(BrowserPage page) =>
        page.Document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
}

public sealed class UnreadableIdOnSqliteTests(SqliteStack fixture) : UnreadableIdTests(fixture), IClassFixture<SqliteStack>;

public sealed class UnreadableIdOnPostgresTests(PostgresStack fixture) : UnreadableIdTests(fixture), IClassFixture<PostgresStack>;
