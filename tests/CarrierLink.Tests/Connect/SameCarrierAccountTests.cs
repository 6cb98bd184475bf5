using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CarrierLink.Tests.Support;
using Shouldly;

namespace CarrierLink.Tests.Connect;

/// <summary>Issue 9, defect 9: the same carrier login added twice is allowed, but never without a clear warning and a way out.</summary>
public abstract class SameCarrierAccountTests(StackFixture fixture)
{
    private TestStack Stack => fixture.Stack;

    [Fact]
    public async Task The_same_USPS_login_added_again_is_named_on_the_Connected_page_and_the_new_one_can_be_removed()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var customer = await Stack.CreateUspsCustomerAsync();
        await merchant.ConnectUspsAsync(customer, "Warehouse");
        using var api = merchant.Api();

        var (secondId, connected) = await ConnectAgainAsync(merchant, api, customer, "Second Dock");

        connected.Heading.ShouldBe("Your USPS account is connected");
        var warning = connected.Document.QuerySelector("#same-account-warning")!;
        warning.GetAttribute("role").ShouldBe("alert");
        warning.TextContent.ShouldContain("This is the same USPS account as Warehouse");
        connected.Link("Keep both").ShouldNotBeNull();

        using var browser = await merchant.SignedInBrowserAsync();
        var page = await browser.GetAsync(connected.Url);
        var removed = await browser.SubmitAsync(page, "#same-account-warning form", new(), "Remove Second Dock");

        removed.Url.AbsolutePath.ShouldBe("/settings/carriers/usps");
        (await api.StateOfAsync(secondId)).ShouldBe("disconnected");
        var accounts = (await api.GetFromJsonAsync<JsonElement>("/api/v1/carrier-accounts")).GetProperty("data").EnumerateArray()
            .Select(a => a.GetProperty("nickname").GetString()).ToList();
        accounts.ShouldBe(["Warehouse"]);
    }

    [Fact]
    public async Task A_different_USPS_login_gets_no_warning()
    {
        var merchant = await Stack.CreateMerchantAsync();
        await merchant.ConnectUspsAsync(await Stack.CreateUspsCustomerAsync(), "Warehouse");
        using var api = merchant.Api();

        var (_, connected) = await ConnectAgainAsync(merchant, api, await Stack.CreateUspsCustomerAsync(), "Other Login");

        connected.Document.QuerySelector("#same-account-warning").ShouldBeNull();
        connected.Link("Done").ShouldNotBeNull();
    }

    [Fact]
    public async Task One_Balance_Add_with_a_username_already_connected_asks_first_and_adds_only_when_told()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var customer = await Stack.CreateStampsCustomerAsync();
        await merchant.ConnectOneBalanceAsync(customer, "stamps", "Front Desk");
        using var browser = await merchant.SignedInBrowserAsync();
        using var api = merchant.Api();

        var add = await browser.GetAsync("/settings/one-balance/add");
        var asked = await browser.SubmitAsync(add, "form", new() { ["carrier"] = "stamps", ["nickname"] = "Back Office", ["username"] = customer.Username.ToUpperInvariant(), ["password"] = customer.Password }, "Connect");

        asked.Status.ShouldBe(HttpStatusCode.Conflict);
        asked.Document.QuerySelector("#same-account-warning")!.TextContent.ShouldContain("This is the same One Balance account as Front Desk");
        asked.Text.ShouldNotContain(customer.Password);
        (await CountAsync(api)).ShouldBe(1);

        var added = await browser.SubmitAsync(asked, "form", new() { ["password"] = customer.Password }, "Add it anyway");

        added.Url.AbsolutePath.ShouldBe("/settings/one-balance");
        (await CountAsync(api)).ShouldBe(2);
    }

    [Fact]
    public async Task The_same_Stamps_login_as_a_UPS_One_Balance_account_is_not_a_duplicate()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var customer = await Stack.CreateStampsCustomerAsync();
        await merchant.ConnectOneBalanceAsync(customer, "stamps", "Front Desk");
        using var browser = await merchant.SignedInBrowserAsync();

        var add = await browser.GetAsync("/settings/one-balance/add");
        var added = await browser.SubmitAsync(add, "form", new() { ["carrier"] = "ups_one_balance", ["nickname"] = "UPS", ["username"] = customer.Username, ["password"] = customer.Password }, "Connect");

        added.Url.AbsolutePath.ShouldBe("/settings/one-balance");
    }

    private async Task<(Guid Id, BrowserPage Connected)> ConnectAgainAsync(TestMerchant merchant, HttpClient api, SandboxCustomer customer, string nickname)
    {
        var response = await api.PostAsJsonAsync("/api/v1/carrier-accounts", new { carrier = "usps", nickname });
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        using var browser = await merchant.SignedInBrowserAsync();
        var page = await UspsSite.AuthorizeAndReturnAsync(browser, await browser.GetAsync(body.GetProperty("authorization_url").GetString()!), customer);
        return (Guid.Parse(body.GetProperty("account").GetProperty("id").GetString()!), page);
    }

    private static async Task<int> CountAsync(HttpClient api) =>
        (await api.GetFromJsonAsync<JsonElement>("/api/v1/carrier-accounts")).GetProperty("data").GetArrayLength();
}

public sealed class SameCarrierAccountOnSqliteTests(SqliteStack fixture) : SameCarrierAccountTests(fixture), IClassFixture<SqliteStack>;

public sealed class SameCarrierAccountOnPostgresTests(PostgresStack fixture) : SameCarrierAccountTests(fixture), IClassFixture<PostgresStack>;
