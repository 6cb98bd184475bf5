using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CarrierLink.Tests.Support;
using Shouldly;

namespace CarrierLink.Tests.Reminders;

/// <summary>Flow A as pages: the break, the prompt, Remind Me Later, both reconnect paths, and what comes after.</summary>
public abstract class ReconnectPromptTests(StackFixture fixture)
{
    protected TestStack Stack => fixture.Stack;

    [Fact]
    public async Task After_an_operation_finds_the_grant_revoked_every_page_prompts_to_reconnect()
    {
        var (merchant, customer, accountId) = await BrokenAsync();
        using var browser = await merchant.SignedInBrowserAsync();

        var home = await browser.GetAsync("/");

        var prompt = home.Document.QuerySelector("#reconnect-prompt").ShouldNotBeNull();
        prompt.TextContent.ShouldContain("Reconnect your USPS account");
        prompt.TextContent.ShouldContain("Warehouse");
        prompt.TextContent.ShouldContain("USPS");
        prompt.QuerySelectorAll("button").Select(b => b.TextContent.Trim()).ShouldBe(["Reconnect", "Remind Me Later"]);
        // A banner, not a modal: labelled by its heading, and nothing behind it is taken out of reach.
        prompt.GetAttribute("aria-labelledby").ShouldBe("prompt-title");
        prompt.GetAttribute("role").ShouldBeNull();
        home.Document.QuerySelectorAll("[inert], [aria-modal]").ShouldBeEmpty();
        (await browser.GetAsync("/settings/carriers")).Document.QuerySelector("#reconnect-prompt").ShouldNotBeNull();
    }

    [Fact]
    public async Task Remind_Me_Later_hides_the_prompt_but_the_badge_stays()
    {
        var (merchant, _, accountId) = await BrokenAsync();
        using var browser = await merchant.SignedInBrowserAsync();
        var home = await browser.GetAsync("/settings");

        var after = await browser.SubmitAsync(home, "form", new(), "Remind Me Later");

        after.Url.AbsolutePath.ShouldBe("/settings");
        after.Document.QuerySelector("#reconnect-prompt").ShouldBeNull();
        var usps = await browser.GetAsync("/settings/carriers/usps");
        usps.Document.QuerySelector("#reconnect-prompt").ShouldBeNull();
        usps.Document.QuerySelectorAll("tr").Single(r => r.TextContent.Contains("Warehouse")).TextContent.ShouldContain("Needs reconnecting");
        (await browser.GetAsync($"/settings/carriers/usps/accounts/{accountId}")).Text.ShouldContain("Needs reconnecting");
        using var api = merchant.Api();
        (await api.EventTypesAsync(accountId)).ShouldContain("snoozed");
    }

    [Fact]
    public async Task Reconnect_from_the_prompt_signs_in_at_USPS_and_Done_returns_to_USPS_Settings()
    {
        var (merchant, customer, accountId) = await BrokenAsync();
        using var browser = await merchant.SignedInBrowserAsync();
        var home = await browser.GetAsync("/");

        var signIn = await browser.SubmitAsync(home, "form", new(), "Reconnect");
        signIn.Url.Authority.ShouldBe(Stack.SandboxUrl.Authority);
        var back = await UspsSite.AuthorizeAndReturnAsync(browser, signIn, customer);

        back.Heading.ShouldBe("Your USPS account is reconnected");
        var settings = await browser.FollowLinkAsync(back, "Done");
        settings.Heading.ShouldBe("USPS Settings");
        settings.Document.QuerySelector("#reconnect-prompt").ShouldBeNull();
        settings.Document.QuerySelectorAll("tr").Single(r => r.TextContent.Contains("Warehouse")).TextContent.ShouldContain("Connected");
        using var api = merchant.Api();
        (await api.StateOfAsync(accountId)).ShouldBe("connected");
        (await api.EventTypesAsync(accountId)).ShouldContain("reconnected");
        (await api.PostAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/rates", ShippingBodies.Rates)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task After_reconnecting_the_label_that_failed_is_offered_again_and_bought_once()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var customer = await Stack.CreateUspsCustomerAsync();
        var accountId = await merchant.ConnectUspsAsync(customer);
        using var api = merchant.Api();
        await Stack.RevokeGrantAndExpireAccessTokenAsync(customer);
        (await api.PostAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/labels", ShippingBodies.Label())).StatusCode.ShouldBe(HttpStatusCode.FailedDependency);
        using var browser = await merchant.SignedInBrowserAsync();

        var back = await UspsSite.AuthorizeAndReturnAsync(browser, await browser.SubmitAsync(await browser.GetAsync("/"), "form", new(), "Reconnect"), customer);
        back.Document.QuerySelectorAll("button").Select(b => b.TextContent.Trim()).ShouldContain("Create the label again");
        var done = await browser.SubmitAsync(back, "form", new(), "Create the label again");
        var twice = await browser.SubmitAsync(back, "form", new(), "Create the label again");

        done.Document.QuerySelector("[role=status]")!.TextContent.ShouldContain("created");
        twice.Document.QuerySelector("[role=status]")!.TextContent.ShouldContain("already done");
        done.Document.QuerySelectorAll("button").Select(b => b.TextContent.Trim()).ShouldNotContain("Create the label again");
        var labels = await Stack.Control.GetFromJsonAsync<JsonElement>($"/_control/customers/usps/{customer.Username}/labels");
        labels.GetProperty("data").GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task The_Settings_path_Edit_then_Login_reconnects_the_same_account()
    {
        var (merchant, customer, accountId) = await BrokenAsync();
        using var browser = await merchant.SignedInBrowserAsync();
        var snoozed = await browser.SubmitAsync(await browser.GetAsync("/"), "form", new(), "Remind Me Later");

        var settings = await browser.FollowLinkAsync(snoozed, "Settings");
        var carriers = await browser.FollowLinkAsync(settings, "Carrier Settings");
        var usps = await browser.FollowLinkAsync(carriers, "USPS");
        var account = await browser.FollowLinkAsync(usps, "Warehouse");
        var edit = await browser.FollowLinkAsync(account, "Edit");
        var signIn = await browser.SubmitAsync(edit, "form", new(), "Login");
        var back = await UspsSite.AuthorizeAndReturnAsync(browser, signIn, customer);

        back.Heading.ShouldBe("Your USPS account is reconnected");
        back.Url.AbsolutePath.ShouldContain(accountId.ToString());
        using var api = merchant.Api();
        (await api.StateOfAsync(accountId)).ShouldBe("connected");
    }

    [Fact]
    public async Task A_broken_operation_on_the_Ship_screen_shows_the_prompt_on_the_same_page()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var customer = await Stack.CreateUspsCustomerAsync();
        await merchant.ConnectUspsAsync(customer);
        await merchant.SaveShipFromAsync();
        // As in the README's tour: the demo switch, so the very next Create label meets the break.
        await Stack.RevokeGrantInstantlyAsync(customer);
        using var browser = await merchant.SignedInBrowserAsync();
        var ship = await browser.GetAsync("/ship");

        var result = await browser.SubmitAsync(ship, "form", new(), "Create label");

        result.Document.QuerySelector("[role=alert]")!.TextContent.ShouldContain("no longer accepts");
        result.Document.QuerySelector("#reconnect-prompt").ShouldNotBeNull();
    }

    [Fact]
    public async Task An_outage_never_prompts()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var customer = await Stack.CreateUspsCustomerAsync();
        var accountId = await merchant.ConnectUspsAsync(customer);
        using var api = merchant.Api();
        (await Stack.Control.PostAsJsonAsync("/_control/faults", new { carrier = "usps", endpoint = "/prices", status = 503, rate = 1.0 })).EnsureSuccessStatusCode();
        try
        {
            (await api.PostAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/rates", ShippingBodies.Rates)).StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        }
        finally
        {
            await Stack.Control.DeleteAsync("/_control/faults");
        }
        using var browser = await merchant.SignedInBrowserAsync();

        var home = await browser.GetAsync("/");

        home.Document.QuerySelector("#reconnect-prompt").ShouldBeNull();
        (await api.StateOfAsync(accountId)).ShouldBe("connected");
    }

    [Fact]
    public async Task When_a_different_USPS_account_signs_in_the_merchant_is_asked_and_Keep_changes_nothing()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var original = await Stack.CreateUspsCustomerAsync();
        var other = await Stack.CreateUspsCustomerAsync();
        var accountId = await merchant.ConnectUspsAsync(original);
        using var api = merchant.Api();
        var before = await Stack.CredentialAsync(accountId);
        using var browser = await merchant.SignedInBrowserAsync();

        var edit = await browser.GetAsync($"/settings/carriers/usps/accounts/{accountId}/edit");
        var ask = await UspsSite.AuthorizeAndReturnAsync(browser, await browser.SubmitAsync(edit, "form", new(), "Login"), other);
        ask.Heading.ShouldBe("A different USPS account signed in");
        // The merchant's own ids in full, by their USPS names (a masked "****2563" told them nothing).
        ask.Text.ShouldContain("CRID " + other.Crid);
        ask.Text.ShouldContain("CRID " + original.Crid);
        var kept = await browser.SubmitAsync(ask, "form", new(), "Keep the original");

        kept.Heading.ShouldBe("Warehouse");
        var account = await api.GetFromJsonAsync<JsonElement>($"/api/v1/carrier-accounts/{accountId}");
        account.GetProperty("carrier_account_ref").GetString()!.ShouldStartWith("****" + original.Crid[^4..]);
        (await Stack.CredentialAsync(accountId))!.RefreshTokenCipher.ShouldBe(before!.RefreshTokenCipher);
        (await api.EventTypesAsync(accountId)).ShouldContain("replacement_declined");
    }

    [Fact]
    public async Task When_a_different_USPS_account_signs_in_Replace_moves_the_connection_and_keeps_the_account()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var original = await Stack.CreateUspsCustomerAsync();
        var other = await Stack.CreateUspsCustomerAsync();
        var accountId = await merchant.ConnectUspsAsync(original);
        using var api = merchant.Api();
        using var browser = await merchant.SignedInBrowserAsync();

        var edit = await browser.GetAsync($"/settings/carriers/usps/accounts/{accountId}/edit");
        var ask = await UspsSite.AuthorizeAndReturnAsync(browser, await browser.SubmitAsync(edit, "form", new(), "Login"), other);
        var replaced = await browser.SubmitAsync(ask, "form", new(), "Replace the connection");

        replaced.Heading.ShouldBe("Your USPS account is reconnected");
        var account = await api.GetFromJsonAsync<JsonElement>($"/api/v1/carrier-accounts/{accountId}");
        account.GetProperty("carrier_account_ref").GetString()!.ShouldStartWith("****" + other.Crid[^4..]);
        account.GetProperty("nickname").GetString().ShouldBe("Warehouse");
        (await api.EventTypesAsync(accountId)).ShouldContain("account_replaced");
    }

    [Fact]
    public async Task Remind_later_through_the_API_sets_snoozed_until_and_hides_the_prompt_for_everyone()
    {
        var (merchant, _, accountId) = await BrokenAsync();
        using var api = merchant.Api();

        var response = await api.PostAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/remind-later", new { hours = 2 });
        var invalid = await api.PostAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/remind-later", new { hours = 0 });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var until = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("snoozed_until").GetDateTime();
        until.ShouldBeInRange(DateTime.UtcNow.AddHours(1.9), DateTime.UtcNow.AddHours(2.1));
        (await api.GetFromJsonAsync<JsonElement>($"/api/v1/carrier-accounts/{accountId}")).GetProperty("snoozed_until").GetDateTime().ShouldBe(until);
        invalid.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        using var browser = await merchant.SignedInBrowserAsync();
        (await browser.GetAsync("/")).Document.QuerySelector("#reconnect-prompt").ShouldBeNull();
    }

    [Fact]
    public async Task A_snooze_ends_with_the_break_it_was_for_so_a_new_break_prompts_again()
    {
        var (merchant, customer, accountId) = await BrokenAsync();
        using var browser = await merchant.SignedInBrowserAsync();
        var snoozed = await browser.SubmitAsync(await browser.GetAsync("/"), "form", new(), "Remind Me Later");
        snoozed.Document.QuerySelector("#reconnect-prompt").ShouldBeNull();

        // Reconnected (Settings > ... > Edit > Login), then USPS ends the new grant within the 24 hours.
        var edit = await browser.GetAsync($"/settings/carriers/usps/accounts/{accountId}/edit");
        await UspsSite.AuthorizeAndReturnAsync(browser, await browser.SubmitAsync(edit, "form", new(), "Login"), customer);
        using var api = merchant.Api();
        await Stack.RevokeGrantAndExpireAccessTokenAsync(customer);
        (await api.PostAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/rates", ShippingBodies.Rates)).StatusCode.ShouldBe(HttpStatusCode.FailedDependency);

        (await browser.GetAsync("/")).Document.QuerySelector("#reconnect-prompt").ShouldNotBeNull("the snooze was for the first break");
        (await api.GetFromJsonAsync<JsonElement>($"/api/v1/carrier-accounts/{accountId}")).GetProperty("snoozed_until").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    protected async Task<(TestMerchant Merchant, SandboxCustomer Customer, Guid AccountId)> BrokenAsync()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var customer = await Stack.CreateUspsCustomerAsync();
        var accountId = await merchant.ConnectUspsAsync(customer);
        using var api = merchant.Api();
        await Stack.RevokeGrantAndExpireAccessTokenAsync(customer);
        (await api.PostAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/rates", ShippingBodies.Rates)).StatusCode.ShouldBe(HttpStatusCode.FailedDependency);
        return (merchant, customer, accountId);
    }
}

public sealed class ReconnectPromptOnSqliteTests(SqliteStack fixture) : ReconnectPromptTests(fixture), IClassFixture<SqliteStack>;

public sealed class ReconnectPromptOnPostgresTests(PostgresStack fixture) : ReconnectPromptTests(fixture), IClassFixture<PostgresStack>;

/// <summary>Moves CarrierLink's clock, so it has a stack of its own.</summary>
public sealed class SnoozeExpiryTests(SqliteStack fixture) : IClassFixture<SqliteStack>
{
    [Fact]
    public async Task The_prompt_comes_back_when_the_24_hours_are_over()
    {
        var stack = fixture.Stack;
        var merchant = await stack.CreateMerchantAsync();
        var customer = await stack.CreateUspsCustomerAsync();
        var accountId = await merchant.ConnectUspsAsync(customer);
        using var api = merchant.Api();
        await stack.RevokeGrantAndExpireAccessTokenAsync(customer);
        (await api.PostAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/rates", ShippingBodies.Rates)).StatusCode.ShouldBe(HttpStatusCode.FailedDependency);
        using var browser = await merchant.SignedInBrowserAsync();
        await browser.SubmitAsync(await browser.GetAsync("/"), "form", new(), "Remind Me Later");

        // A day outlives the sign-in cookie (the same clock), so each look is a fresh sign-in.
        stack.Clock.Advance(TimeSpan.FromHours(23) + TimeSpan.FromMinutes(59));
        using var beforeExpiry = await merchant.SignedInBrowserAsync();
        (await beforeExpiry.GetAsync("/")).Document.QuerySelector("#reconnect-prompt").ShouldBeNull();
        stack.Clock.Advance(TimeSpan.FromMinutes(2));
        using var afterExpiry = await merchant.SignedInBrowserAsync();
        (await afterExpiry.GetAsync("/")).Document.QuerySelector("#reconnect-prompt").ShouldNotBeNull();
    }
}
