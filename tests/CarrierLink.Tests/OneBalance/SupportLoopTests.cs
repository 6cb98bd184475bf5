using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CarrierLink.Tests.Support;
using CarrierLink.Web.Health;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shouldly;

namespace CarrierLink.Tests.OneBalance;

/// <summary>
/// Issue 9, defect 8: the merchant hands Customer Service a new password through its own field
/// (encrypted at rest, never shown, used once, then wiped), and the request closes, with a notice
/// to the merchant, as soon as the account is connected again.
/// </summary>
public abstract class SupportLoopTests(StackFixture fixture)
{
    private const string NewPassword = "Reset At Stamps 5";
    private TestStack Stack => fixture.Stack;

    [Fact]
    public async Task A_password_handed_to_support_is_encrypted_never_shown_used_once_and_the_request_closes_with_a_notice()
    {
        using var logs = CapturedLogs.Start(Stack.Services);
        var (merchant, accountId) = await SupportRequiredAsync("UPS Dock");
        using var browser = await merchant.SignedInBrowserAsync();

        var help = await browser.GetAsync($"/settings/one-balance/{accountId}/support");
        help.Document.QuerySelector("input[type=password][name=newPassword]").ShouldNotBeNull();
        help.Document.QuerySelector("#message-hint")!.TextContent.ShouldContain("Do not write passwords here");
        var sent = await browser.SubmitAsync(help, "form", new() { ["newPassword"] = NewPassword, ["message"] = "I changed it this morning." }, "Request help");
        sent.Document.QuerySelector(".request-open")!.TextContent.ShouldBe("Open");
        sent.Text.ShouldNotContain(NewPassword);

        var stored = (await RawRequestsAsync(accountId)).ShouldHaveSingleItem();
        stored.PasswordCipher.ShouldNotBeNull();
        stored.PasswordCipher.ShouldNotContain(NewPassword);
        stored.Message.ShouldNotContain(NewPassword);
        Stack.Decrypt(stored.PasswordCipher).ShouldBe(NewPassword);

        using var agent = await Stack.SignedInAgentAsync();
        var queue = await agent.GetAsync("/support");
        queue.Text.ShouldNotContain(NewPassword);
        queue.Text.ShouldNotContain(stored.PasswordCipher);
        queue.Document.QuerySelectorAll("input[type=password]").ShouldBeEmpty();
        queue.Text.ShouldContain("The merchant gave a new password");
        var reconnected = await agent.SubmitAsync(queue, $"#reconnect-{stored.Id}", new(), "Reconnect with the password the merchant gave");
        reconnected.Document.QuerySelector("[role=status]")!.TextContent.ShouldContain("request is closed");
        reconnected.Document.QuerySelector($"#reconnect-{stored.Id}").ShouldBeNull();
        reconnected.Text.ShouldNotContain(NewPassword);

        using var api = merchant.Api();
        (await api.StateOfAsync(accountId)).ShouldBe("connected");
        var closed = (await RawRequestsAsync(accountId)).ShouldHaveSingleItem();
        closed.Status.ShouldBe("closed");
        closed.ClosedBecause.ShouldBe("support_reconnected");
        closed.PasswordCipher.ShouldBeNull();
        var events = await api.EventTypesAsync(accountId);
        events.ShouldContain("support_reconnected");
        events.ShouldContain("support_closed");

        var after = await browser.GetAsync($"/settings/one-balance/{accountId}/support");
        var notice = after.Document.QuerySelector("#support-closed-notice")!;
        notice.GetAttribute("role").ShouldBe("status");
        notice.TextContent.ShouldContain("Customer Service reconnected UPS Dock on");
        notice.TextContent.ShouldContain("your request is closed");
        notice.QuerySelector("time[datetime]").ShouldNotBeNull();
        after.Document.QuerySelector(".request-closed")!.TextContent.ShouldBe("Closed");

        logs.Lines.ShouldNotContain(line => line.Contains(NewPassword, StringComparison.Ordinal));
        (await api.GetStringAsync($"/api/v1/carrier-accounts/{accountId}/support-requests")).ShouldNotContain(NewPassword);
    }

    [Fact]
    public async Task A_password_Stamps_refuses_is_wiped_all_the_same_and_the_request_stays_open()
    {
        var (merchant, accountId) = await SupportRequiredAsync("UPS Wrong");
        using var browser = await merchant.SignedInBrowserAsync();
        var help = await browser.GetAsync($"/settings/one-balance/{accountId}/support");
        await browser.SubmitAsync(help, "form", new() { ["newPassword"] = "Not The Password 1" }, "Request help");

        using var agent = await Stack.SignedInAgentAsync();
        var queue = await agent.GetAsync("/support");
        var refused = await agent.SubmitAsync(queue, $"#reconnect-{(await RawRequestsAsync(accountId))[0].Id}", new(), "Reconnect with the password the merchant gave");

        refused.Document.QuerySelector("[role=alert]")!.TextContent.ShouldContain("did not accept the password the merchant gave");
        var request = (await RawRequestsAsync(accountId)).ShouldHaveSingleItem();
        request.Status.ShouldBe("open");
        request.PasswordCipher.ShouldBeNull();
        using var api = merchant.Api();
        (await api.StateOfAsync(accountId)).ShouldBe("support_required");
        (await api.EventTypesAsync(accountId)).ShouldContain("support_password_refused");
        var told = await browser.GetAsync($"/settings/one-balance/{accountId}/support");
        told.Document.QuerySelector("#support-password-refused")!.TextContent.ShouldContain("Stamps.com did not accept the password you gave Customer Service");

        // The merchant sends the current password; the notice goes with the new request.
        var resent = await browser.SubmitAsync(told, "form", new() { ["newPassword"] = NewPassword }, "Request help");
        resent.Document.QuerySelector("#support-password-refused").ShouldBeNull();
    }

    [Fact]
    public async Task A_request_closes_when_the_account_is_reconnected_any_other_way_and_an_agent_close_wipes_the_password()
    {
        var (merchant, accountId, customer) = await SupportRequiredWithCustomerAsync("Front Desk");
        using var api = merchant.Api();
        using var browser = await merchant.SignedInBrowserAsync();
        var help = await browser.GetAsync($"/settings/one-balance/{accountId}/support");
        await browser.SubmitAsync(help, "form", new() { ["newPassword"] = NewPassword }, "Request help");

        // The saved password works again at Stamps.com, and the health engine's re-check of the broken account finds it so.
        await SetStampsPasswordAsync(customer, customer.Password);
        Stack.Clock.Advance(TimeSpan.FromMinutes(Stack.Services.GetRequiredService<IOptions<HealthOptions>>().Value.RecheckBrokenMinutes + 1));
        await Stack.Services.GetRequiredService<HealthEngine>().RunUntilIdleAsync(CancellationToken.None);
        (await api.StateOfAsync(accountId)).ShouldBe("connected");

        var closed = (await RawRequestsAsync(accountId)).ShouldHaveSingleItem();
        closed.Status.ShouldBe("closed");
        closed.ClosedBecause.ShouldBe("account_connected");
        closed.PasswordCipher.ShouldBeNull();
        (await api.EventTypesAsync(accountId)).ShouldContain("support_closed");
        // The re-check came more than 30 idle minutes later: the merchant signs in again.
        using var later = await merchant.SignedInBrowserAsync();
        var after = await later.GetAsync($"/settings/one-balance/{accountId}/support");
        after.Document.QuerySelector("#support-closed-notice")!.TextContent.ShouldContain("Front Desk was connected again on");

        // An agent closing a request by hand wipes a password that was never used.
        await SetStampsPasswordAsync(customer, NewPassword);
        (await api.PostAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/rates", ShippingBodies.Rates)).StatusCode.ShouldBe(HttpStatusCode.FailedDependency);
        var again = await later.SubmitAsync(await later.GetAsync($"/settings/one-balance/{accountId}/support"), "form",
            new() { ["newPassword"] = "Another Password 8" }, "Request help");
        again.Document.QuerySelector("#support-closed-notice").ShouldBeNull();
        using var agent = await Stack.SignedInAgentAsync();
        var queue = await agent.GetAsync("/support");
        var open = (await RawRequestsAsync(accountId)).Single(r => r.Status == "open");
        open.PasswordCipher.ShouldNotBeNull();
        await agent.SubmitAsync(queue, $"#close-{open.Id}", new() { ["resolution"] = "Merchant fixed it" }, "Close request");
        (await RawRequestsAsync(accountId)).ShouldAllBe(r => r.Status == "closed" && r.PasswordCipher == null);
    }

    /// <summary>A UPS One Balance account whose password was changed at Stamps.com: support_required.</summary>
    private async Task<(TestMerchant Merchant, Guid AccountId)> SupportRequiredAsync(string nickname)
    {
        var (merchant, accountId, _) = await SupportRequiredWithCustomerAsync(nickname);
        return (merchant, accountId);
    }

    private async Task<(TestMerchant Merchant, Guid AccountId, SandboxCustomer Customer)> SupportRequiredWithCustomerAsync(string nickname)
    {
        var merchant = await Stack.CreateMerchantAsync();
        var customer = await Stack.CreateStampsCustomerAsync();
        var accountId = await merchant.ConnectOneBalanceAsync(customer, "ups_one_balance", nickname);
        await SetStampsPasswordAsync(customer, NewPassword);
        using var api = merchant.Api();
        (await api.PostAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/rates", ShippingBodies.Rates)).StatusCode.ShouldBe(HttpStatusCode.FailedDependency);
        (await api.StateOfAsync(accountId)).ShouldBe("support_required");
        return (merchant, accountId, customer);
    }

    private async Task SetStampsPasswordAsync(SandboxCustomer customer, string password) =>
        (await Stack.Control.PostAsJsonAsync($"/_control/customers/stamps/{customer.Username}/password", new { password })).EnsureSuccessStatusCode();

    /// <summary>The support_requests rows as stored: the columns themselves, not what the app makes of them.</summary>
    private Task<List<RawRequest>> RawRequestsAsync(Guid accountId) => Stack.WithDbAsync(db => db.Database
        .SqlQuery<RawRequest>($"""SELECT id AS "Id", password_cipher AS "PasswordCipher", message AS "Message", status AS "Status", closed_because AS "ClosedBecause" FROM support_requests WHERE account_id = {accountId} ORDER BY created_at""")
        .ToListAsync());

    public sealed record RawRequest(Guid Id, string? PasswordCipher, string Message, string Status, string? ClosedBecause);
}

/// <summary>Every log line CarrierLink writes while the test runs (at the levels the stack logs).</summary>
internal sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();
    public IReadOnlyCollection<string> Lines => _lines;

    public static CapturedLogs Start(IServiceProvider services)
    {
        var capture = new CapturedLogs();
        services.GetRequiredService<ILoggerFactory>().AddProvider(capture);
        return capture;
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);
    public void Dispose() { }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._lines.Enqueue($"{category} {formatter(state, exception)} {exception}");
    }
}

public sealed class SupportLoopOnSqliteTests(SqliteStack fixture) : SupportLoopTests(fixture), IClassFixture<SqliteStack>;

public sealed class SupportLoopOnPostgresTests(PostgresStack fixture) : SupportLoopTests(fixture), IClassFixture<PostgresStack>;
