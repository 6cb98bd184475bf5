using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using CarrierLink.Tests.Support;
using Shouldly;

namespace CarrierLink.Tests.Accounts;

/// <summary>
/// Settings as a merchant reads it without script (issue 9): every broken account carries the action that fixes it,
/// accounts are named by what their owner knows them by, times are local, removing asks first, and the One Balance
/// password is confirmed before it changes the real one at Stamps.com.
/// </summary>
public abstract partial class SettingsPagesTests(StackFixture fixture)
{
    private TestStack Stack => fixture.Stack;

    [Fact]
    public async Task A_broken_USPS_account_carries_Reconnect_on_Home_USPS_Settings_and_its_own_page()
    {
        var (merchant, _, accountId) = await BrokenUspsAsync();
        using var browser = await merchant.SignedInBrowserAsync();
        var reconnect = $"/settings/carriers/usps/accounts/{accountId}/reconnect";

        foreach (var path in new[] { "/", "/settings/carriers/usps" })
        {
            var row = (await browser.GetAsync(path)).Document.QuerySelectorAll("main tr").Single(r => r.TextContent.Contains("Warehouse"));
            row.TextContent.ShouldContain("Needs reconnecting");
            var form = row.QuerySelector("form").ShouldNotBeNull($"{path}: the row of a broken account should carry its Reconnect");
            form.GetAttribute("action").ShouldBe(reconnect);
            form.QuerySelector("button")!.TextContent.Trim().ShouldBe("Reconnect Warehouse");
        }

        var account = await browser.GetAsync($"/settings/carriers/usps/accounts/{accountId}");
        account.Document.QuerySelector($"main form[action='{reconnect}'] button")!.TextContent.Trim().ShouldBe("Reconnect");
        // Then the action works from that page: it leads to USPS.com's sign-in.
        var signIn = await browser.SubmitAsync(account, $"main form[action='{reconnect}']", new(), "Reconnect");
        signIn.Url.Authority.ShouldBe(Stack.SandboxUrl.Authority);
    }

    [Fact]
    public async Task An_account_that_never_finished_connecting_offers_Finish_connecting_on_its_page()
    {
        var merchant = await Stack.CreateMerchantAsync();
        using var api = merchant.Api();
        var created = await api.PostAsJsonAsync("/api/v1/carrier-accounts", new { carrier = "usps", nickname = "Back Office" });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var id = (await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("account").GetProperty("id").GetString();
        using var browser = await merchant.SignedInBrowserAsync();

        var page = await browser.GetAsync($"/settings/carriers/usps/accounts/{id}");

        page.Text.ShouldContain("Finish connecting");
        page.Document.QuerySelectorAll("main button").Select(b => b.TextContent.Trim()).ShouldContain("Finish connecting");
        var signIn = await browser.SubmitAsync(page, "main form", new(), "Finish connecting");
        signIn.Url.Authority.ShouldBe(Stack.SandboxUrl.Authority);
    }

    [Fact]
    public async Task A_UPS_One_Balance_account_needing_Customer_Service_offers_Request_help_on_its_page_and_on_Home()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var customer = await Stack.CreateStampsCustomerAsync();
        var accountId = await merchant.ConnectOneBalanceAsync(customer, "ups_one_balance", "UPS via One Balance");
        await BreakOneBalanceAsync(merchant, customer, accountId);
        using var browser = await merchant.SignedInBrowserAsync();
        var help = $"/settings/one-balance/{accountId}/support";

        var account = await browser.GetAsync($"/settings/carriers/ups_one_balance/accounts/{accountId}");
        account.Document.QuerySelector($"main a[href='{help}']")!.TextContent.Trim().ShouldBe("Request help");
        var home = (await browser.GetAsync("/")).Document.QuerySelectorAll("main tr").Single(r => r.TextContent.Contains("UPS via One Balance"));
        home.QuerySelector($"a[href='{help}']")!.TextContent.Trim().ShouldBe("Request help UPS via One Balance");
        home.TextContent.ShouldNotContain("Reconnect");
    }

    [Fact]
    public async Task Edit_of_a_connected_One_Balance_account_offers_Manage_Passwords_and_no_Reconnect()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var customer = await Stack.CreateStampsCustomerAsync();
        var accountId = await merchant.ConnectOneBalanceAsync(customer);
        using var browser = await merchant.SignedInBrowserAsync();

        var edit = await browser.GetAsync($"/settings/carriers/stamps/accounts/{accountId}/edit");

        var connection = edit.Document.QuerySelector("section[aria-labelledby=connection-heading]")!;
        connection.QuerySelectorAll("a, button").Select(e => e.TextContent.Trim()).ShouldBe(["Manage Passwords"]);
    }

    [Fact]
    public async Task One_Balance_account_pages_lead_back_to_One_Balance_and_Carriers_in_their_breadcrumb()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var customer = await Stack.CreateStampsCustomerAsync();
        var accountId = await merchant.ConnectOneBalanceAsync(customer);
        using var browser = await merchant.SignedInBrowserAsync();

        foreach (var path in new[] { $"/settings/carriers/stamps/accounts/{accountId}", $"/settings/carriers/stamps/accounts/{accountId}/edit" })
        {
            var crumbs = (await browser.GetAsync(path)).Document.QuerySelector("nav[aria-label=Breadcrumb]")!;
            crumbs.TextContent.ShouldNotContain("One Balance Settings");
            var link = crumbs.QuerySelectorAll("a").Single(a => a.TextContent == "One Balance and Carriers");
            link.GetAttribute("href").ShouldBe("/settings/one-balance");
            (await browser.GetAsync(link.GetAttribute("href")!)).Heading.ShouldBe("One Balance and Carriers");
        }
    }

    [Fact]
    public async Task Carrier_Settings_counts_accounts_in_plain_words()
    {
        var merchant = await Stack.CreateMerchantAsync();
        await merchant.ConnectUspsAsync(await Stack.CreateUspsCustomerAsync());
        using var browser = await merchant.SignedInBrowserAsync();

        var carriers = await browser.GetAsync("/settings/carriers");

        var usps = carriers.Document.QuerySelectorAll("main li").Single(li => li.QuerySelector("a")?.TextContent == "USPS");
        usps.QuerySelector(".hint")!.TextContent.ShouldBe("1 account");
        carriers.Text.ShouldNotContain("(s)");
        carriers.Document.QuerySelectorAll("main li").Single(li => li.QuerySelector("a")?.TextContent == "One Balance")
            .QuerySelector(".hint")!.TextContent.ShouldBe("No accounts");
    }

    [Fact]
    public async Task Accounts_are_named_by_what_their_owner_knows_them_by_not_masked()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var usps = await Stack.CreateUspsCustomerAsync();
        var uspsId = await merchant.ConnectUspsAsync(usps);
        var stamps = await Stack.CreateStampsCustomerAsync();
        var stampsId = await merchant.ConnectOneBalanceAsync(stamps);
        using var browser = await merchant.SignedInBrowserAsync();

        var row = (await browser.GetAsync("/settings/carriers/usps")).Document.QuerySelectorAll("main tr").Single(r => r.TextContent.Contains("Warehouse"));
        row.TextContent.ShouldContain("CRID " + usps.Crid);
        (await browser.GetAsync($"/settings/carriers/usps/accounts/{uspsId}")).Text.ShouldContain("CRID " + usps.Crid);
        var oneBalance = await browser.GetAsync("/settings/one-balance");
        oneBalance.Text.ShouldContain("Stamps.com username " + stamps.Username);
        (await browser.GetAsync($"/settings/carriers/stamps/accounts/{stampsId}")).Text.ShouldContain("Stamps.com username " + stamps.Username);
        foreach (var text in new[] { row.TextContent, oneBalance.Text }) text.ShouldNotContain("***");
        // The API's masked reference is a contract and stays as it was.
        using var api = merchant.Api();
        (await api.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/carrier-accounts/{uspsId}"))
            .GetProperty("carrier_account_ref").GetString()!.ShouldStartWith("****" + usps.Crid[^4..]);
    }

    [Fact]
    public async Task An_account_page_shows_its_times_in_the_merchants_time_zone_not_raw_UTC()
    {
        var (merchant, _, accountId) = await BrokenUspsAsync();
        using var browser = await merchant.SignedInBrowserAsync();

        var page = await browser.GetAsync($"/settings/carriers/usps/accounts/{accountId}");

        page.Text.ShouldContain("Last problem");
        RawUtc().IsMatch(page.Document.QuerySelector("main")!.TextContent).ShouldBeFalse("a merchant should never read a raw UTC time");
        page.Document.QuerySelectorAll("main dl time[data-local-time]").Length.ShouldBeGreaterThanOrEqualTo(2);

        // Remind Me Later writes to the timeline too: it reads as a duration, not as a UTC moment.
        await browser.SubmitAsync(page, "form", new(), "Remind Me Later");
        var after = await browser.GetAsync($"/settings/carriers/usps/accounts/{accountId}");
        after.Text.ShouldContain("Reconnect reminder postponed for 24 hours.");
        RawUtc().IsMatch(after.Document.QuerySelector("main")!.TextContent).ShouldBeFalse("the timeline should not show a raw UTC time");
    }

    [Fact]
    public async Task Removing_an_account_asks_first_on_its_own_page_and_says_what_is_kept()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var accountId = await merchant.ConnectUspsAsync(await Stack.CreateUspsCustomerAsync());
        using var browser = await merchant.SignedInBrowserAsync();
        using var api = merchant.Api();

        var edit = await browser.GetAsync($"/settings/carriers/usps/accounts/{accountId}/edit");
        var ask = await browser.FollowLinkAsync(edit, "Remove account");

        ask.Heading.ShouldBe("Remove Warehouse?");
        ask.Text.ShouldContain("What is kept");
        ask.Text.ShouldContain("history stay");
        (await api.StateOfAsync(accountId)).ShouldBe("connected", "asking must not remove anything");
        var kept = await browser.FollowLinkAsync(ask, "Keep the account");
        kept.Heading.ShouldBe("Edit Warehouse");

        var removed = await browser.SubmitAsync(ask, "form", new(), "Remove Warehouse");
        removed.Heading.ShouldBe("USPS Settings");
        removed.Document.QuerySelector("[role=status]")!.TextContent.ShouldContain("removed");
        (await api.StateOfAsync(accountId)).ShouldBe("disconnected");
    }

    [Fact]
    public async Task Set_your_One_Balance_Password_with_a_confirmation_that_does_not_match_changes_nothing_and_says_so_next_to_it()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var customer = await Stack.CreateStampsCustomerAsync();
        var accountId = await merchant.ConnectOneBalanceAsync(customer);
        using var browser = await merchant.SignedInBrowserAsync();
        var form = await browser.GetAsync($"/settings/one-balance/{accountId}/passwords/set");

        var mismatch = await browser.SubmitAsync(form, "form", new() { ["newPassword"] = "Good New Password 7", ["confirmPassword"] = "Good New Password 8" }, "Set Password");

        mismatch.Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var confirm = mismatch.Document.QuerySelector("#confirm-password")!;
        confirm.GetAttribute("aria-invalid").ShouldBe("true");
        confirm.GetAttribute("aria-describedby").ShouldBe("confirm-error");
        mismatch.Document.QuerySelector("#confirm-error [role=alert]")!.TextContent.ShouldContain("do not match");
        mismatch.Document.QuerySelector("#password-error [role=alert]").ShouldBeNull();
        // Nothing reached Stamps.com: the old password still works there and CarrierLink still keeps it.
        Stack.Decrypt((await Stack.CredentialAsync(accountId))!.PasswordCipher!).ShouldBe(customer.Password);
        using var api = merchant.Api();
        (await api.PostAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/rates", ShippingBodies.Rates)).StatusCode.ShouldBe(HttpStatusCode.OK);
        // The show toggle is a real button, hidden until its script runs.
        var toggle = mismatch.Document.QuerySelector("button[aria-pressed]")!;
        toggle.GetAttribute("type").ShouldBe("button");
        toggle.HasAttribute("hidden").ShouldBeTrue();
    }

    [Fact]
    public async Task A_broken_One_Balance_account_links_to_Stamps_com_Forgot_Password_from_its_banner_and_its_Reconnect_page()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var customer = await Stack.CreateStampsCustomerAsync();
        var accountId = await merchant.ConnectOneBalanceAsync(customer);
        await BreakOneBalanceAsync(merchant, customer, accountId);
        using var browser = await merchant.SignedInBrowserAsync();
        var forgot = new Uri(Stack.SandboxUrl, "stamps/forgot-password").ToString();

        var banner = (await browser.GetAsync("/")).Document.QuerySelector("#reconnect-prompt")!;
        banner.QuerySelector($"a[href='/settings/one-balance/{accountId}/reconnect']")!.TextContent.Trim().ShouldBe("Reconnect");
        banner.QuerySelector($"a[href='{forgot}']")!.TextContent.Trim().ShouldBe("Reset it at Stamps.com");
        banner.TextContent.ShouldContain("Forgot your Stamps.com password?");

        var reconnect = await browser.GetAsync($"/settings/one-balance/{accountId}/reconnect");
        reconnect.Document.QuerySelector($"main a[href='{forgot}']")!.TextContent.Trim().ShouldBe("Reset it at Stamps.com");
        reconnect.Text.ShouldContain("Answer your security questions");
        (await browser.GetAsync(forgot)).Heading.ShouldBe("Forgot Password");
    }

    private async Task<(TestMerchant Merchant, SandboxCustomer Customer, Guid AccountId)> BrokenUspsAsync()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var customer = await Stack.CreateUspsCustomerAsync();
        var accountId = await merchant.ConnectUspsAsync(customer);
        await Stack.RevokeGrantAndExpireAccessTokenAsync(customer);
        using var api = merchant.Api();
        (await api.PostAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/rates", ShippingBodies.Rates)).StatusCode.ShouldBe(HttpStatusCode.FailedDependency);
        return (merchant, customer, accountId);
    }

    /// <summary>The password changes at Stamps.com; the next rates call finds out.</summary>
    private async Task BreakOneBalanceAsync(TestMerchant merchant, SandboxCustomer customer, Guid accountId)
    {
        (await Stack.Control.PostAsJsonAsync($"/_control/customers/stamps/{customer.Username}/password", new { password = "Somebody Else 42" })).EnsureSuccessStatusCode();
        using var api = merchant.Api();
        (await api.PostAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/rates", ShippingBodies.Rates)).StatusCode.ShouldBe(HttpStatusCode.FailedDependency);
    }

    [GeneratedRegex(@"\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ")]
    private static partial Regex RawUtc();
}

public sealed class SettingsPagesOnSqliteTests(SqliteStack fixture) : SettingsPagesTests(fixture), IClassFixture<SqliteStack>;
