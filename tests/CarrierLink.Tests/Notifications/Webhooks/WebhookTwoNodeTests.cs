using CarrierLink.Tests.Support;
using CarrierLink.Web.Data;
using CarrierLink.Web.Notifications;
using Shouldly;

namespace CarrierLink.Tests.Notifications.Webhooks;

/// <summary>
/// Any number of nodes send webhooks from the same database, and each event reaches each endpoint once (by
/// webhook-id). Small batches and several loops per node make the workers race for the same deliveries.
/// </summary>
public abstract class WebhookTwoNodeTests(StackFixture fixture) : WebhookTestBase(fixture)
{
    [Fact]
    public async Task Two_nodes_running_the_workers_at_once_deliver_each_event_once_per_endpoint()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Delay = TimeSpan.FromMilliseconds(5);
        var merchant = await Stack.CreateMerchantAsync();
        using var api = merchant.Api();
        var (first, secret) = await CreateEndpointAsync(api, receiver.Url("first"));
        await CreateEndpointAsync(api, receiver.Url("second"));
        const int events = 40;
        // A real account: the in-app notices made from the same messages belong to it.
        var account = new CarrierAccount { MerchantId = merchant.Id, Carrier = "usps", Nickname = "Dock", State = ConnectionState.Connected };
        var accountId = account.Id;
        await Stack.WithDbAsync(async db =>
        {
            db.CarrierAccounts.Add(account);
            for (var i = 0; i < events; i++)
                db.OutboxMessages.Add(new OutboxMessage
                {
                    MerchantId = merchant.Id, AccountId = accountId, Type = i % 2 == 0 ? NotificationEvents.NeedsReconnect : NotificationEvents.Reconnected,
                    OccurredAt = Now.UtcDateTime, Carrier = "usps", Nickname = $"Dock {i}", State = i % 2 == 0 ? "needs_reconnect" : "connected",
                    Detail = "A test of two nodes.",
                });
            return await db.SaveChangesAsync();
        });
        await using var other = await Stack.StartAnotherNodeAsync();

        // Three loops on each node, as if each ran several workers.
        await Task.WhenAll(new[] { Stack.Services, Stack.Services, Stack.Services, other.Services, other.Services, other.Services }
            .Select(node => Task.Run(() => NotificationWorker.RunUntilIdleAsync(node, CancellationToken.None))));
        await DeliverAsync();

        foreach (var path in new[] { "first", "second" })
        {
            var got = receiver.At(path);
            got.Select(r => r.Id).Distinct().Count().ShouldBe(events, $"every event reached /{path}");
            got.Count.ShouldBe(events, $"and once: {got.Count - got.Select(r => r.Id).Distinct().Count()} duplicates");
            got.Select(r => r.Json.GetProperty("data").GetProperty("account").GetProperty("nickname").GetString()).Distinct().Count().ShouldBe(events);
        }
        receiver.At("first").ShouldAllBe(r => r.VerifyFailure(secret, Now) == null);
        receiver.At("first").Select(r => r.Id).Intersect(receiver.At("second").Select(r => r.Id)).ShouldBeEmpty("a webhook-id per event and endpoint");
        (await DeliveriesAsync(api, first)).ShouldAllBe(d => d.GetProperty("status").GetString() == "succeeded" && d.GetProperty("attempts").GetInt32() == 1);
    }
}

/// <summary>Batches of two, so the racing workers reach for the same few due deliveries at once.</summary>
public sealed class SmallBatchSqliteStack() : StackFixture(StoreProvider.Sqlite, "--Webhooks:BatchSize=2", "--Notifications:BatchSize=5");

public sealed class SmallBatchPostgresStack() : StackFixture(StoreProvider.Postgres, "--Webhooks:BatchSize=2", "--Notifications:BatchSize=5");

public sealed class WebhookTwoNodeOnSqliteTests(SmallBatchSqliteStack fixture) : WebhookTwoNodeTests(fixture), IClassFixture<SmallBatchSqliteStack>;

public sealed class WebhookTwoNodeOnPostgresTests(SmallBatchPostgresStack fixture) : WebhookTwoNodeTests(fixture), IClassFixture<SmallBatchPostgresStack>;
