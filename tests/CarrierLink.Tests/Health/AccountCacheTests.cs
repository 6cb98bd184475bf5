using System.Net;
using CarrierLink.Tests.Support;
using CarrierLink.Web.Accounts;
using CarrierLink.Web.Data;
using CarrierLink.Web.Merchants;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Shouldly;

namespace CarrierLink.Tests.Health;

/// <summary>
/// Issue 12: a node answers shipping operations from the connected account it read last (Api:AccountCacheSeconds).
/// Its own changes count from the next request; another node's within the window.
/// </summary>
public abstract class AccountCacheTests(StackFixture fixture) : HealthTestBase(fixture)
{
    private TimeSpan Window => TimeSpan.FromSeconds(Stack.Services.GetRequiredService<IOptions<ApiKeyOptions>>().Value.AccountCacheSeconds);

    [Fact]
    public async Task An_account_removed_on_this_node_cannot_run_an_operation_at_the_next_request()
    {
        var (api, accountId, _) = await ConnectedUspsAsync();
        (await RatesAsync(api, accountId)).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await api.DeleteAsync($"/api/v1/carrier-accounts/{accountId}")).IsSuccessStatusCode.ShouldBeTrue();
        await ResetCountersAsync();

        (await RatesAsync(api, accountId)).StatusCode.ShouldBe(HttpStatusCode.Conflict, "the removal was made here, so the cached account is gone");
        (await UspsApiCallsAsync()).ShouldBe(0);
    }

    [Fact]
    public async Task An_account_broken_on_this_node_answers_reconnect_at_the_next_request_without_calling_the_carrier()
    {
        var (api, accountId, customer) = await ConnectedUspsAsync();
        (await RatesAsync(api, accountId)).StatusCode.ShouldBe(HttpStatusCode.OK);
        // The grant is revoked and the access token with it, so the carrier refuses the next call.
        await ControlAsync("usps", customer, "revoke");
        await ControlAsync("usps", customer, "expire-tokens");
        (await RatesAsync(api, accountId)).StatusCode.ShouldBe(HttpStatusCode.FailedDependency);
        await ResetCountersAsync();

        (await RatesAsync(api, accountId)).StatusCode.ShouldBe(HttpStatusCode.FailedDependency);
        (await UspsApiCallsAsync()).ShouldBe(0, "needs_reconnect is read from the database, not from the cache");
    }

    [Fact]
    public async Task An_account_removed_on_another_node_stops_running_operations_within_the_window()
    {
        var (api, accountId, _) = await ConnectedUspsAsync();
        (await RatesAsync(api, accountId)).StatusCode.ShouldBe(HttpStatusCode.OK);

        // Another node (or the CLI) removes it: a write this node's watcher never sees.
        await AnotherNodeAsync(db => db.CarrierAccounts.Where(a => a.Id == accountId)
            .ExecuteUpdateAsync(a => a.SetProperty(x => x.State, ConnectionState.Disconnected)));
        Stack.Clock.Advance(Window);

        (await RatesAsync(api, accountId)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Theory]
    [InlineData("SELECT c.id, c.updated_at, c.deleted FROM carrier_accounts AS c WHERE c.id = @p", false)]
    [InlineData("INSERT INTO account_events (account_id) VALUES (@p)", false)]
    [InlineData("UPDATE \"carrier_accounts\" AS c SET \"last_success_at\" = @p WHERE c.id = @q", true)]
    [InlineData("INSERT INTO \"account_events\" (x) VALUES (1);\nUPDATE \"carrier_accounts\" SET \"state\" = @p", true)]
    [InlineData("delete from carrier_accounts where id = $1", true)]
    public void A_write_to_carrier_accounts_is_told_from_a_read(string sql, bool writes) =>
        AccountWriteWatcher.WritesAccounts(sql).ShouldBe(writes);

    private async Task AnotherNodeAsync(Func<CarrierLinkDb, Task> write)
    {
        await using var db = Stack.Database.NewContext();
        await write(db);
    }
}

public sealed class AccountCacheOnSqliteTests(SqliteStack fixture) : AccountCacheTests(fixture), IClassFixture<SqliteStack>;

public sealed class AccountCacheOnPostgresTests(PostgresStack fixture) : AccountCacheTests(fixture), IClassFixture<PostgresStack>;
