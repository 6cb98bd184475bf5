using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CarrierLink.Tests.Support;
using CarrierLink.Web.Data;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace CarrierLink.Tests.OneBalance;

/// <summary>
/// Issue 13, finding 5: Customer Service is the way back only for a support-only account (UPS One Balance) that needs it. A merchant
/// cannot open a request on any other account (API or page), the agent queue shows only open requests on accounts that need support,
/// and every agent action needs such an open request: a request closed meanwhile, even on another node while Stamps.com was still
/// answering, or one on another kind of account, is refused and changes nothing.
/// </summary>
public abstract class SupportAccessTests(StackFixture fixture)
{
    private const string NewPassword = "Reset At Stamps 5";
    private TestStack Stack => fixture.Stack;

    [Fact]
    public async Task The_API_refuses_a_request_on_an_account_Customer_Service_does_not_reconnect_naming_why_and_stores_nothing()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var stamps = await merchant.ConnectOneBalanceAsync(await Stack.CreateStampsCustomerAsync(), "stamps", "Stamps Connected");
        var brokenStampsCustomer = await Stack.CreateStampsCustomerAsync();
        var brokenStamps = await merchant.ConnectOneBalanceAsync(brokenStampsCustomer, "stamps", "Stamps Broken");
        await BreakAsync(merchant, brokenStampsCustomer, brokenStamps, "needs_reconnect");
        var ups = await merchant.ConnectOneBalanceAsync(await Stack.CreateStampsCustomerAsync(), "ups_one_balance", "UPS Connected");
        using var api = merchant.Api();

        foreach (var (accountId, field, state) in new[] { (stamps, "carrier", "connected"), (brokenStamps, "carrier", "needs_reconnect"), (ups, "state", "connected") })
        {
            var response = await api.PostAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/support-requests", new { message = "Please reconnect it." });

            response.StatusCode.ShouldBe(HttpStatusCode.Conflict, state);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            problem.GetProperty("type").GetString().ShouldBe("support-not-needed");
            problem.GetProperty("field").GetString().ShouldBe(field);
            problem.GetProperty("state").GetString().ShouldBe(state);
            problem.GetProperty("detail").GetString().ShouldNotBeNullOrWhiteSpace();
            (await api.GetFromJsonAsync<JsonElement>($"/api/v1/carrier-accounts/{accountId}/support-requests")).GetProperty("data").GetArrayLength().ShouldBe(0);
            (await api.EventTypesAsync(accountId)).ShouldNotContain("support_requested");
        }
    }

    [Fact]
    public async Task Request_help_is_not_offered_on_a_connected_or_self_service_account_and_a_forged_post_is_refused_on_a_friendly_page()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var ups = await merchant.ConnectOneBalanceAsync(await Stack.CreateStampsCustomerAsync(), "ups_one_balance", "UPS Connected");
        var stamps = await merchant.ConnectOneBalanceAsync(await Stack.CreateStampsCustomerAsync(), "stamps", "Stamps Connected");
        using var browser = await merchant.SignedInBrowserAsync();

        foreach (var accountId in new[] { ups, stamps })
        {
            var help = await browser.GetAsync($"/settings/one-balance/{accountId}/support");
            help.Status.ShouldBe(HttpStatusCode.OK);
            help.Document.QuerySelector("#support-not-needed")!.TextContent.ShouldNotBeNullOrWhiteSpace();
            help.Document.QuerySelectorAll("main button").ShouldNotContain(b => b.TextContent.Trim() == "Request help");
            help.Document.QuerySelector("input[name=newPassword]").ShouldBeNull();

            var token = help.Document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
            var forged = await browser.PostFormAsync($"/settings/one-balance/{accountId}/support",
                new() { ["message"] = "Reconnect it anyway.", ["newPassword"] = NewPassword, ["__RequestVerificationToken"] = token });

            forged.Status.ShouldBe(HttpStatusCode.Conflict);
            forged.Heading.ShouldBe("Contact Customer Service");
            forged.Document.QuerySelector("#support-not-needed[role=alert]")!.TextContent.ShouldNotBeNullOrWhiteSpace();
            forged.Text.ShouldNotContain(NewPassword);
            (await RequestsOfAsync(accountId)).ShouldBeEmpty();
        }
    }

    [Fact]
    public async Task The_agent_queue_lists_only_open_requests_on_accounts_that_need_Customer_Service()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var (needsHelp, _) = await SupportRequiredAsync(merchant, "UPS Needs Help");
        var ups = await merchant.ConnectOneBalanceAsync(await Stack.CreateStampsCustomerAsync(), "ups_one_balance", "UPS Fine");
        var stamps = await merchant.ConnectOneBalanceAsync(await Stack.CreateStampsCustomerAsync(), "stamps", "Stamps Fine");
        // Requests as they could be stored before this fix, or by a merchant racing a reconnect: on accounts support does not reconnect.
        var shown = await InsertRequestAsync(merchant, needsHelp, "open");
        var closed = await InsertRequestAsync(merchant, needsHelp, "closed");
        var onConnectedUps = await InsertRequestAsync(merchant, ups, "open");
        var onStamps = await InsertRequestAsync(merchant, stamps, "open");

        using var agent = await Stack.SignedInAgentAsync();
        var queue = await agent.GetAsync("/support");

        queue.Document.QuerySelector($"#reconnect-{shown}").ShouldNotBeNull();
        foreach (var hidden in new[] { closed, onConnectedUps, onStamps })
        {
            queue.Document.QuerySelector($"#reconnect-{hidden}").ShouldBeNull();
            queue.Document.QuerySelector($"#close-{hidden}").ShouldBeNull();
        }
        queue.Text.ShouldNotContain("UPS Fine");
        queue.Text.ShouldNotContain("Stamps Fine");
    }

    [Fact]
    public async Task An_agent_cannot_reconnect_or_close_through_a_request_on_an_account_Customer_Service_does_not_reconnect()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var stamps = await merchant.ConnectOneBalanceAsync(await Stack.CreateStampsCustomerAsync(), "stamps", "Stamps Fine");
        var requestId = await InsertRequestAsync(merchant, stamps, "open");
        var credential = (await Stack.CredentialAsync(stamps))!;
        using var agent = await Stack.SignedInAgentAsync();
        var token = (await agent.GetAsync("/support")).Document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        var reconnect = await agent.PostFormAsync("/support?handler=Reconnect",
            new() { ["requestId"] = requestId.ToString(), ["source"] = "saved", ["__RequestVerificationToken"] = token });
        var close = await agent.PostFormAsync("/support?handler=Close",
            new() { ["requestId"] = requestId.ToString(), ["resolution"] = "Done", ["__RequestVerificationToken"] = token });

        foreach (var refused in new[] { reconnect, close })
        {
            refused.Status.ShouldBe(HttpStatusCode.Conflict);
            refused.Heading.ShouldBe("Support requests");
            refused.Document.QuerySelector("[role=alert]")!.TextContent.ShouldContain("nothing was changed");
        }
        var after = (await Stack.CredentialAsync(stamps))!;
        after.Version.ShouldBe(credential.Version);
        after.AccessTokenCipher.ShouldBe(credential.AccessTokenCipher);
        (await RequestsOfAsync(stamps)).ShouldHaveSingleItem().Status.ShouldBe("open");
        using var api = merchant.Api();
        var events = await api.EventTypesAsync(stamps);
        events.ShouldNotContain("support_reconnected");
        events.ShouldNotContain("support_closed");
    }

    [Fact]
    public async Task An_agent_cannot_reconnect_through_a_request_another_node_closed_while_Stamps_was_answering()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var (accountId, customer) = await SupportRequiredAsync(merchant, "UPS Race");
        using (var browser = await merchant.SignedInBrowserAsync())
        {
            var help = await browser.GetAsync($"/settings/one-balance/{accountId}/support");
            await browser.SubmitAsync(help, "form", new() { ["newPassword"] = NewPassword }, "Request help");
        }
        var requestId = (await RequestsOfAsync(accountId)).ShouldHaveSingleItem().Id;
        var credential = (await Stack.CredentialAsync(accountId))!;
        await using var second = await Stack.StartAnotherNodeAsync();
        using var first = await Stack.SignedInAgentAsync();
        using var other = await Stack.SignedInAgentAsync();
        var queue = await first.GetAsync("/support");
        // Cookies belong to the host, not the port: the other agent's browser is signed in on the second node too.
        var otherQueue = await other.GetAsync(new Uri(second.WebUrl, "/support"));
        otherQueue.Url.Authority.ShouldBe(second.WebUrl.Authority);
        var authenticated = await AuthenticateCallsAsync();
        (await Stack.Control.PostAsJsonAsync("/_control/faults",
            new { carrier = "stamps", endpoint = "POST /swsim/v1/authenticate", delay_ms = 1500, rate = 1.0 })).StatusCode.ShouldBe(HttpStatusCode.Created);
        try
        {
            var reconnecting = first.SubmitAsync(queue, $"#reconnect-{requestId}", new(), "Reconnect with the password the merchant gave");
            while (await AuthenticateCallsAsync() == authenticated) await Task.Delay(20);

            // While Stamps.com is still answering the first node, an agent on the second node closes the request.
            var closing = await other.SubmitAsync(otherQueue, $"#close-{requestId}", new() { ["resolution"] = "Handled by phone" }, "Close request");
            closing.Url.AbsolutePath.ShouldBe("/support");
            var reconnected = await reconnecting;

            reconnected.Status.ShouldBe(HttpStatusCode.Conflict);
            reconnected.Document.QuerySelector("[role=alert]")!.TextContent.ShouldContain("already closed");
        }
        finally
        {
            (await Stack.Control.DeleteAsync("/_control/faults")).EnsureSuccessStatusCode();
        }
        using var api = merchant.Api();
        (await api.StateOfAsync(accountId)).ShouldBe("support_required");
        var after = (await Stack.CredentialAsync(accountId))!;
        after.Version.ShouldBe(credential.Version);
        after.PasswordCipher.ShouldBe(credential.PasswordCipher);
        Stack.Decrypt(after.PasswordCipher!).ShouldBe(customer.Password);
        var request = (await RequestsOfAsync(accountId)).ShouldHaveSingleItem();
        request.Status.ShouldBe("closed");
        request.ClosedBecause.ShouldBe(SupportRequestClosings.ByAgent);
        request.PasswordCipher.ShouldBeNull();
        var events = await api.EventTypesAsync(accountId);
        events.ShouldNotContain("support_reconnected");
        events.ShouldNotContain("reconnected");
        events.Count(e => e == "support_closed").ShouldBe(1);
    }

    /// <summary>A UPS One Balance account whose password was changed at Stamps.com (to <see cref="NewPassword"/>): support_required.</summary>
    private async Task<(Guid AccountId, SandboxCustomer Customer)> SupportRequiredAsync(TestMerchant merchant, string nickname)
    {
        var customer = await Stack.CreateStampsCustomerAsync();
        var accountId = await merchant.ConnectOneBalanceAsync(customer, "ups_one_balance", nickname);
        await BreakAsync(merchant, customer, accountId, "support_required");
        return (accountId, customer);
    }

    private async Task BreakAsync(TestMerchant merchant, SandboxCustomer customer, Guid accountId, string expectedState)
    {
        (await Stack.Control.PostAsJsonAsync($"/_control/customers/stamps/{customer.Username}/password", new { password = NewPassword })).EnsureSuccessStatusCode();
        using var api = merchant.Api();
        (await api.PostAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/rates", ShippingBodies.Rates)).StatusCode.ShouldBe(HttpStatusCode.FailedDependency);
        (await api.StateOfAsync(accountId)).ShouldBe(expectedState);
    }

    private Task<Guid> InsertRequestAsync(TestMerchant merchant, Guid accountId, string status) => Stack.WithDbAsync(async db =>
    {
        var request = new SupportRequest
        {
            AccountId = accountId,
            MerchantId = merchant.Id,
            Message = $"Inserted {status} request",
            Status = status,
            CreatedAt = Stack.Clock.GetUtcNow().UtcDateTime,
            ClosedAt = status == SupportRequestStatuses.Closed ? Stack.Clock.GetUtcNow().UtcDateTime : null,
            ClosedBecause = status == SupportRequestStatuses.Closed ? SupportRequestClosings.ByAgent : null,
        };
        db.SupportRequests.Add(request);
        await db.SaveChangesAsync();
        return request.Id;
    });

    private Task<List<SupportRequest>> RequestsOfAsync(Guid accountId) =>
        Stack.WithDbAsync(db => db.SupportRequests.AsNoTracking().Where(r => r.AccountId == accountId).OrderBy(r => r.CreatedAt).ToListAsync());

    private async Task<int> AuthenticateCallsAsync()
    {
        var counters = await Stack.Control.GetFromJsonAsync<JsonElement>("/_control/counters");
        return counters.GetProperty("stamps").GetProperty("calls").TryGetProperty("POST /swsim/v1/authenticate", out var calls) ? calls.GetInt32() : 0;
    }
}

public sealed class SupportAccessOnSqliteTests(SqliteStack fixture) : SupportAccessTests(fixture), IClassFixture<SqliteStack>;

public sealed class SupportAccessOnPostgresTests(PostgresStack fixture) : SupportAccessTests(fixture), IClassFixture<PostgresStack>;
