using System.Net;
using System.Net.Http.Json;
using CarrierLink.Tests.Support;
using CarrierLink.Web.Data;
using CarrierLink.Web.Notifications;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace CarrierLink.Tests.Notifications;

/// <summary>
/// Issue 14: every connection event that matters is written to the outbox with the change it reports (same SaveChanges),
/// and a dispatcher on any node tells each message once.
/// </summary>
public abstract class OutboxTests(StackFixture fixture)
{
    private TestStack Stack => fixture.Stack;

    [Fact]
    public async Task A_connection_its_break_and_its_fix_are_each_one_outbox_message_told_once()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var customer = await Stack.CreateUspsCustomerAsync();
        var accountId = await merchant.ConnectUspsAsync(customer, "Main Warehouse");
        using var api = merchant.Api();
        await Stack.RevokeGrantInstantlyAsync(customer);
        for (var i = 0; i < 3; i++)
            (await api.PostAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/rates", ShippingBodies.Rates)).StatusCode.ShouldBe(HttpStatusCode.FailedDependency);

        var messages = await MessagesAsync(accountId);

        messages.Select(m => m.Type).ShouldBe([NotificationEvents.Connected, NotificationEvents.NeedsReconnect], "one message per change, none per failed operation");
        var broken = messages[1];
        broken.MerchantId.ShouldBe(merchant.Id);
        broken.Carrier.ShouldBe("usps");
        broken.Nickname.ShouldBe("Main Warehouse");
        broken.State.ShouldBe("needs_reconnect");
        broken.Reason.ShouldNotBeNullOrEmpty();
        broken.DispatchedAt.ShouldBeNull();

        await NotificationWorker.RunUntilIdleAsync(Stack.Services, CancellationToken.None);
        (await MessagesAsync(accountId)).ShouldAllBe(m => m.DispatchedAt != null);
        await using var scope = Stack.Services.CreateAsyncScope();
        (await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().DispatchAllAsync(CancellationToken.None)).ShouldBe(0, "told once");
    }

    [Fact]
    public async Task A_message_claimed_by_a_node_that_died_is_taken_over_when_its_claim_runs_out()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var customer = await Stack.CreateUspsCustomerAsync();
        var accountId = await merchant.ConnectUspsAsync(customer, "Dock");
        await NotificationWorker.RunUntilIdleAsync(Stack.Services, CancellationToken.None);
        await Stack.RevokeGrantInstantlyAsync(customer);
        using var api = merchant.Api();
        await api.PostAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/rates", ShippingBodies.Rates);
        // A node claimed the break and died before telling it.
        var now = Stack.Clock.GetUtcNow().UtcDateTime;
        await Stack.WithDbAsync(db => db.OutboxMessages.Where(m => m.AccountId == accountId && m.DispatchedAt == null)
            .ExecuteUpdateAsync(m => m.SetProperty(x => x.ClaimToken, Guid.NewGuid()).SetProperty(x => x.ClaimedUntil, now.AddSeconds(60))));

        await NotificationWorker.RunUntilIdleAsync(Stack.Services, CancellationToken.None);
        (await MessagesAsync(accountId)).Count(m => m.DispatchedAt == null).ShouldBe(1, "another node's claim holds it");
        Stack.Clock.Advance(TimeSpan.FromSeconds(61));
        await NotificationWorker.RunUntilIdleAsync(Stack.Services, CancellationToken.None);

        (await MessagesAsync(accountId)).ShouldAllBe(m => m.DispatchedAt != null);
    }

    [Fact]
    public async Task Two_timeline_entries_of_one_change_that_tell_the_same_are_one_message()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var accountId = await Stack.WithDbAsync(async db =>
        {
            var account = new CarrierAccount { MerchantId = merchant.Id, Carrier = "ups_one_balance", Nickname = "Front Desk", State = ConnectionState.Connected };
            db.CarrierAccounts.Add(account);
            await db.SaveChangesAsync();
            // What an agent's reconnect writes: its own entry and the state machine's.
            db.AccountEvents.Add(new AccountEvent { AccountId = account.Id, At = db.UtcNow, Type = "support_reconnected", Detail = "Customer Service reconnected it." });
            db.AccountEvents.Add(new AccountEvent { AccountId = account.Id, At = db.UtcNow, Type = "reconnected", Detail = "The account was reconnected." });
            await db.SaveChangesAsync();
            return account.Id;
        });

        (await MessagesAsync(accountId)).Select(m => m.Type).ShouldBe([NotificationEvents.Reconnected]);
    }

    private Task<List<OutboxMessage>> MessagesAsync(Guid accountId) =>
        Stack.WithDbAsync(db => db.OutboxMessages.AsNoTracking().Where(m => m.AccountId == accountId).OrderBy(m => m.Id).ToListAsync());
}

public sealed class OutboxOnSqliteTests(SqliteStack fixture) : OutboxTests(fixture), IClassFixture<SqliteStack>;

public sealed class OutboxOnPostgresTests(PostgresStack fixture) : OutboxTests(fixture), IClassFixture<PostgresStack>;
