using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CarrierLink.Tests.Support;
using Shouldly;

namespace CarrierLink.Tests.OneBalance;

/// <summary>Flow B as pages (without script: the server renders the checklist).</summary>
public abstract class OneBalancePagesTests(StackFixture fixture)
{
    private TestStack Stack => fixture.Stack;

    [Fact]
    public async Task Set_your_One_Balance_Password_shows_the_broken_rule_then_accepts_a_good_password()
    {
        var (merchant, customer, accountId) = await ConnectedAsync("stamps");
        using var browser = await merchant.SignedInBrowserAsync();

        var carriers = await browser.FollowLinkAsync(await browser.GetAsync("/settings"), "Carrier Settings");
        var oneBalance = await browser.FollowLinkAsync(carriers, "One Balance");
        oneBalance.Heading.ShouldBe("One Balance and Carriers");
        var manage = await browser.FollowLinkAsync(oneBalance, "Manage Passwords");
        var form = await browser.FollowLinkAsync(manage, "Set your One Balance Password");
        form.Heading.ShouldBe("Set your One Balance Password");
        form.Text.ShouldContain("Be at least 5 characters long");
        form.Text.ShouldContain("Contain more than one word");

        var tooShort = await browser.SubmitAsync(form, "form", new() { ["newPassword"] = "abc", ["confirmPassword"] = "abc" }, "Set Password");
        tooShort.Status.ShouldBe(HttpStatusCode.UnprocessableEntity);
        tooShort.Document.QuerySelector("[role=alert]")!.TextContent.ShouldBe("The password must be at least 5 characters long.");
        tooShort.Document.QuerySelector("li[data-rule=min_length]")!.ClassName.ShouldBe("unmet");
        tooShort.Document.QuerySelector("li[data-rule=lower]")!.ClassName.ShouldBe("met");

        var reused = await browser.SubmitAsync(tooShort, "form", new() { ["newPassword"] = customer.Password, ["confirmPassword"] = customer.Password }, "Set Password");
        reused.Document.QuerySelector("[role=alert]")!.TextContent.ShouldContain("used before");
        reused.Document.QuerySelector("li[data-rule=previously_used]")!.ClassName.ShouldBe("unmet");

        var done = await browser.SubmitAsync(reused, "form", new() { ["newPassword"] = "Good New Password 7", ["confirmPassword"] = "Good New Password 7" }, "Set Password");
        done.Heading.ShouldBe("One Balance and Carriers");
        done.Document.QuerySelector("[role=status]")!.TextContent.ShouldContain("password was changed");
        using var api = merchant.Api();
        (await api.StateOfAsync(accountId)).ShouldBe("connected");
        (await api.PostAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/rates", ShippingBodies.Rates)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_password_changed_elsewhere_is_fixed_with_the_green_Reconnect_on_One_Balance_and_Carriers()
    {
        var (merchant, customer, accountId) = await ConnectedAsync("stamps");
        (await Stack.Control.PostAsJsonAsync($"/_control/customers/stamps/{customer.Username}/password", new { password = "Reset At Stamps 5" })).EnsureSuccessStatusCode();
        using var api = merchant.Api();
        (await api.PostAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/rates", ShippingBodies.Rates)).StatusCode.ShouldBe(HttpStatusCode.FailedDependency);
        using var browser = await merchant.SignedInBrowserAsync();

        var home = await browser.GetAsync("/");
        home.Document.QuerySelector("#reconnect-prompt")!.TextContent.ShouldContain("the password was changed at Stamps.com");
        var oneBalance = await browser.GetAsync("/settings/one-balance");
        oneBalance.Text.ShouldContain("Needs reconnecting");
        var reconnect = await browser.FollowLinkAsync(oneBalance, "Reconnect");
        var wrong = await browser.SubmitAsync(reconnect, "form", new() { ["password"] = "not the new one" }, "Reconnect");
        wrong.Document.QuerySelector("[role=alert]")!.TextContent.ShouldContain("did not accept");
        var back = await browser.SubmitAsync(wrong, "form", new() { ["password"] = "Reset At Stamps 5" }, "Reconnect");

        back.Heading.ShouldBe("Your One Balance account is reconnected");
        (await browser.FollowLinkAsync(back, "Done")).Heading.ShouldBe("One Balance and Carriers");
        (await api.StateOfAsync(accountId)).ShouldBe("connected");
    }

    [Fact]
    public async Task UPS_One_Balance_goes_from_Contact_Customer_Service_to_an_agent_reconnecting_it()
    {
        var (merchant, customer, accountId) = await ConnectedAsync("ups_one_balance");
        (await Stack.Control.PostAsJsonAsync($"/_control/customers/stamps/{customer.Username}/password", new { password = "Reset At Stamps 5" })).EnsureSuccessStatusCode();
        using var api = merchant.Api();
        (await api.PostAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/rates", ShippingBodies.Rates)).StatusCode.ShouldBe(HttpStatusCode.FailedDependency);
        using var browser = await merchant.SignedInBrowserAsync();

        var oneBalance = await browser.GetAsync("/settings/one-balance");
        oneBalance.Text.ShouldContain("Contact Customer Service");
        var help = await browser.FollowLinkAsync(oneBalance, "Request help");
        var sent = await browser.SubmitAsync(help, "form", new() { ["message"] = "I changed my password at Stamps.com.", ["newPassword"] = "Reset At Stamps 5" }, "Request help");
        sent.Document.QuerySelector(".request-open")!.TextContent.ShouldBe("Open");

        using var agent = await Stack.SignedInAgentAsync();
        var queue = await agent.GetAsync("/support");
        queue.Heading.ShouldBe("Support requests");
        queue.Text.ShouldContain("I changed my password");
        var reconnected = await agent.SubmitAsync(queue, "form", new(), "Reconnect with the password the merchant gave");
        reconnected.Document.QuerySelector("[role=status]")!.TextContent.ShouldContain("reconnected");
        // Reconnecting closed the merchant's request: nothing is left for the agent to close.
        reconnected.Text.ShouldContain("No open requests.");

        (await api.StateOfAsync(accountId)).ShouldBe("connected");
        (await browser.GetAsync($"/settings/one-balance/{accountId}/support")).Document.QuerySelector(".request-closed")!.TextContent.ShouldBe("Closed");
        (await api.EventTypesAsync(accountId)).ShouldContain("support_reconnected");
        (await api.EventTypesAsync(accountId)).ShouldContain("support_closed");
    }

    [Fact]
    public async Task Agents_and_merchants_each_see_only_their_own_pages()
    {
        var (merchant, _, _) = await ConnectedAsync("stamps");
        using var agent = await Stack.SignedInAgentAsync();
        using var browser = await merchant.SignedInBrowserAsync();

        (await agent.GetAsync("/settings/one-balance")).Url.AbsolutePath.ShouldBe("/forbidden");
        (await browser.GetAsync("/support")).Url.AbsolutePath.ShouldBe("/forbidden");
    }

    private async Task<(TestMerchant Merchant, SandboxCustomer Customer, Guid AccountId)> ConnectedAsync(string carrier)
    {
        var merchant = await Stack.CreateMerchantAsync();
        var customer = await Stack.CreateStampsCustomerAsync();
        return (merchant, customer, await merchant.ConnectOneBalanceAsync(customer, carrier));
    }
}

public sealed class OneBalancePagesOnSqliteTests(SqliteStack fixture) : OneBalancePagesTests(fixture), IClassFixture<SqliteStack>;

public sealed class OneBalancePagesOnPostgresTests(PostgresStack fixture) : OneBalancePagesTests(fixture), IClassFixture<PostgresStack>;
