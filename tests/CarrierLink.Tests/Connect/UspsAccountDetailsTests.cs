using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CarrierLink.Tests.Support;
using Shouldly;

namespace CarrierLink.Tests.Connect;

/// <summary>
/// USPS publishes its token's claim names but not what they hold, so a sign-in may not name the business account
/// (issue 10, gap 2). Such a merchant connects, gets rates, and buys labels once the CRID, MIDs and EPS account it
/// entered on Edit were confirmed by USPS with a payment authorization; wrong numbers are never saved.
/// </summary>
public abstract class UspsAccountDetailsTests(StackFixture fixture)
{
    private TestStack Stack => fixture.Stack;

    private async Task<(TestMerchant Merchant, SandboxCustomer Customer, Guid AccountId, JsonElement Ids)> ConnectedWithoutAccountAsync()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var customer = await Stack.CreateUspsCustomerAsync(accountInToken: false);
        var accountId = await merchant.ConnectUspsAsync(customer, "Unnamed warehouse");
        var ids = await Stack.Control.GetFromJsonAsync<JsonElement>($"/_control/customers/usps/{customer.Username}");
        return (merchant, customer, accountId, ids);
    }

    [Fact]
    public async Task A_merchant_whose_token_names_no_account_connects_enters_the_details_on_Edit_and_then_ships()
    {
        var (merchant, customer, accountId, ids) = await ConnectedWithoutAccountAsync();
        using var api = merchant.Api();
        var account = await api.GetFromJsonAsync<JsonElement>($"/api/v1/carrier-accounts/{accountId}");
        account.GetProperty("state").GetString().ShouldBe("connected");
        account.GetProperty("carrier_account_ref").ValueKind.ShouldBe(JsonValueKind.Null);
        account.GetProperty("account_details_required").GetBoolean().ShouldBeTrue();

        // Rates need no account numbers; a label does, and says where to enter them. The carrier is not asked.
        (await api.PostAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/rates", ShippingBodies.Rates)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var refused = await api.PostAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/labels", ShippingBodies.Label());
        refused.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("type").GetString().ShouldBe("account-details-required");
        problem.GetProperty("edit_url").GetString()!.ShouldEndWith($"/settings/carriers/usps/accounts/{accountId}/edit#account-details");
        (await Stack.Control.GetFromJsonAsync<JsonElement>($"/_control/customers/usps/{customer.Username}/labels")).GetProperty("data").GetArrayLength().ShouldBe(0);

        // The account page says what is missing and links to Edit, whose form takes the numbers from the Business Account Access email.
        using var browser = await merchant.SignedInBrowserAsync();
        var page = await browser.GetAsync($"/settings/carriers/usps/accounts/{accountId}");
        page.Text.ShouldContain("did not tell CarrierLink the CRID, MID, EPS account number of Unnamed warehouse");
        var edit = await browser.FollowLinkAsync(page, "Enter account details");
        edit.Heading.ShouldBe("Edit Unnamed warehouse");
        edit.Document.QuerySelector("#account-details h2")!.TextContent.ShouldBe("USPS account details");

        var saved = await browser.SubmitAsync(edit, "#account-details form", new()
        {
            ["crid"] = ids.GetProperty("crid").GetString()!,
            ["mid"] = ids.GetProperty("mid").GetString()!,
            ["manifest_mid"] = ids.GetProperty("manifest_mid").GetString()!,
            ["account_number"] = " " + ids.GetProperty("account_number").GetString()! + " ",
        });
        saved.Status.ShouldBe(HttpStatusCode.OK);
        saved.Document.QuerySelector("#account-details .alert")!.TextContent.ShouldBe("USPS confirmed these details. Saved.");
        saved.Document.QuerySelector("#detail-crid")!.GetAttribute("value").ShouldBe(ids.GetProperty("crid").GetString());

        account = await api.GetFromJsonAsync<JsonElement>($"/api/v1/carrier-accounts/{accountId}");
        account.GetProperty("account_details_required").GetBoolean().ShouldBeFalse();
        account.GetProperty("carrier_account_ref").GetString()!.ShouldStartWith("****" + ids.GetProperty("crid").GetString()![^4..]);
        (await api.EventTypesAsync(accountId)).ShouldContain("account_details_confirmed");

        // Now it ships: a label bought and voided with the entered numbers.
        var bought = await api.PostAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/labels", ShippingBodies.Label());
        bought.StatusCode.ShouldBe(HttpStatusCode.Created, await bought.Content.ReadAsStringAsync());
        var tracking = (await bought.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("tracking_number").GetString();
        var voided = await api.PostAsync($"/api/v1/carrier-accounts/{accountId}/labels/{tracking}/void", null);
        voided.StatusCode.ShouldBe(HttpStatusCode.OK, await voided.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Numbers_USPS_does_not_confirm_for_the_signed_in_business_are_not_saved_and_say_why()
    {
        var (merchant, _, accountId, ids) = await ConnectedWithoutAccountAsync();
        var other = await Stack.Control.GetFromJsonAsync<JsonElement>($"/_control/customers/usps/{(await Stack.CreateUspsCustomerAsync()).Username}");
        using var browser = await merchant.SignedInBrowserAsync();
        var edit = await browser.GetAsync($"/settings/carriers/usps/accounts/{accountId}/edit");

        // Malformed: named per field, USPS not asked.
        var malformed = await browser.SubmitAsync(edit, "#account-details form", new() { ["crid"] = "12ab", ["mid"] = "1234567", ["manifest_mid"] = "", ["account_number"] = "" });
        malformed.Status.ShouldBe(HttpStatusCode.BadRequest);
        malformed.Document.QuerySelector("#detail-crid-error")!.TextContent.ShouldBe("CRID must be 2 to 18 digits.");
        malformed.Document.QuerySelector("#detail-mid-error")!.TextContent.ShouldBe("MID must be 6 or 9 digits.");
        malformed.Document.QuerySelector("#detail-account_number-error")!.TextContent.ShouldBe("EPS account number is required.");
        malformed.Document.QuerySelector("#detail-manifest_mid-error").ShouldBeNull("the manifest MID may be left empty: it is then the MID");
        malformed.Document.QuerySelector("#detail-crid")!.GetAttribute("value").ShouldBe("12ab", "what the merchant typed stays in the form");

        // Well-formed but another business's CRID and MIDs: USPS refuses the payment authorization (160302).
        var foreign = await browser.SubmitAsync(malformed, "#account-details form", new()
        {
            ["crid"] = other.GetProperty("crid").GetString()!,
            ["mid"] = other.GetProperty("mid").GetString()!,
            ["manifest_mid"] = other.GetProperty("manifest_mid").GetString()!,
            ["account_number"] = ids.GetProperty("account_number").GetString()!,
        });
        foreign.Status.ShouldBe(HttpStatusCode.BadRequest);
        foreign.Document.QuerySelector("#account-details .alert.error")!.TextContent
            .ShouldContain("USPS did not accept these details for the account you signed in with: Must be enrolled in USPS Ship Outbound in order to create labels");

        // The business's own CRID and MIDs but someone else's EPS account: refused through the API as well (100001).
        using var api = merchant.Api();
        var wrongPayer = await api.PutAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/account-details", new
        {
            crid = ids.GetProperty("crid").GetString(),
            mid = ids.GetProperty("mid").GetString(),
            manifest_mid = ids.GetProperty("manifest_mid").GetString(),
            account_number = other.GetProperty("account_number").GetString(),
        });
        wrongPayer.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await wrongPayer.Content.ReadAsStringAsync()).ShouldContain("Could not find an EPS Account with number");

        var account = await api.GetFromJsonAsync<JsonElement>($"/api/v1/carrier-accounts/{accountId}");
        account.GetProperty("account_details_required").GetBoolean().ShouldBeTrue("nothing USPS refused was saved");
        account.GetProperty("carrier_account_ref").ValueKind.ShouldBe(JsonValueKind.Null);
        account.GetProperty("state").GetString().ShouldBe("connected", "a refused detail is the merchant's typo, not a broken connection");
        (await api.EventTypesAsync(accountId)).ShouldNotContain("account_details_confirmed");
    }

    [Fact]
    public async Task The_API_confirms_details_with_the_manifest_MID_defaulting_to_the_MID_and_names_bad_fields()
    {
        var (merchant, _, accountId, ids) = await ConnectedWithoutAccountAsync();
        using var api = merchant.Api();
        var bad = await api.PutAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/account-details", new { crid = "1", mid = 903, account_number = "x" });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(e => e.Name).ShouldBe(["mid"], "a number where text belongs is named first");

        var invalid = await api.PutAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/account-details", new { crid = "1", mid = "903", account_number = "x" });
        (await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Select(e => e.Name).Order()
            .ShouldBe(["account_number", "crid", "mid"]);

        // This sandbox customer's manifest MID differs from its MID, so leaving it empty is refused by USPS, not saved.
        var withoutManifest = await api.PutAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/account-details", new
        {
            crid = ids.GetProperty("crid").GetString(),
            mid = ids.GetProperty("mid").GetString(),
            account_number = ids.GetProperty("account_number").GetString(),
        });
        withoutManifest.StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var confirmed = await api.PutAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/account-details", new
        {
            crid = ids.GetProperty("crid").GetString(),
            mid = ids.GetProperty("mid").GetString(),
            manifest_mid = ids.GetProperty("manifest_mid").GetString(),
            account_number = ids.GetProperty("account_number").GetString(),
        });
        confirmed.StatusCode.ShouldBe(HttpStatusCode.OK, await confirmed.Content.ReadAsStringAsync());
        (await confirmed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("account_details_required").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task Reconnecting_with_a_token_that_names_no_account_keeps_the_confirmed_details()
    {
        var (merchant, customer, accountId, ids) = await ConnectedWithoutAccountAsync();
        using var api = merchant.Api();
        (await api.PutAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/account-details", new
        {
            crid = ids.GetProperty("crid").GetString(),
            mid = ids.GetProperty("mid").GetString(),
            manifest_mid = ids.GetProperty("manifest_mid").GetString(),
            account_number = ids.GetProperty("account_number").GetString(),
        })).StatusCode.ShouldBe(HttpStatusCode.OK);

        // Login again on Edit (the article's path); the new token again names no account.
        using var browser = await merchant.SignedInBrowserAsync();
        var edit = await browser.GetAsync($"/settings/carriers/usps/accounts/{accountId}/edit");
        var signIn = await browser.SubmitAsync(edit, "main form", [], "Login");
        (await UspsSite.AuthorizeAndReturnAsync(browser, signIn, customer)).Heading.ShouldStartWith("Your USPS account is");

        var account = await api.GetFromJsonAsync<JsonElement>($"/api/v1/carrier-accounts/{accountId}");
        account.GetProperty("account_details_required").GetBoolean().ShouldBeFalse();
        (await api.PostAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/labels", ShippingBodies.Label())).StatusCode.ShouldBe(HttpStatusCode.Created);
    }
}

public sealed class UspsAccountDetailsOnSqliteTests(SqliteStack fixture) : UspsAccountDetailsTests(fixture), IClassFixture<SqliteStack>;

public sealed class UspsAccountDetailsOnPostgresTests(PostgresStack fixture) : UspsAccountDetailsTests(fixture), IClassFixture<PostgresStack>;
