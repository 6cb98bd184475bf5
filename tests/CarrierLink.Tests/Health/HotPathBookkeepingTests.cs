using System.Net;
using CarrierLink.Tests.Support;
using CarrierLink.Web.Merchants;
using CarrierLink.Web.Shipping;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Shouldly;

namespace CarrierLink.Tests.Health;

/// <summary>
/// Issue 12: the hot path writes and looks up less, within stated bounds. A busy account's last success is written
/// once per window, a spell of trouble still ends at the first success, and a revoked API key stops working
/// within the key cache's window.
/// </summary>
public abstract class HotPathBookkeepingTests(StackFixture fixture) : HealthTestBase(fixture)
{
    private TimeSpan SuccessWindow => TimeSpan.FromSeconds(Stack.Services.GetRequiredService<IOptions<ShippingOptions>>().Value.RecordSuccessSeconds);

    private TimeSpan KeyWindow => TimeSpan.FromSeconds(Stack.Services.GetRequiredService<IOptions<ApiKeyOptions>>().Value.KeyCacheSeconds);

    [Fact]
    public async Task A_busy_accounts_last_success_is_written_once_per_window_and_trouble_still_ends_at_the_first_success()
    {
        var (api, accountId, _) = await ConnectedUspsAsync();
        Stack.Clock.Advance(SuccessWindow);
        var before = Stack.Clock.GetUtcNow().UtcDateTime;
        (await RatesAsync(api, accountId)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var first = (await AccountAsync(accountId)).LastSuccessAt;
        first.ShouldNotBeNull().ShouldBeGreaterThanOrEqualTo(before, "the first success of a window is written at once");

        Stack.Clock.Advance(TimeSpan.FromSeconds(1));
        (await RatesAsync(api, accountId)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await AccountAsync(accountId)).LastSuccessAt.ShouldBe(first, "a second success within the window writes nothing");

        // Trouble within the window: the next success ends it at once, with its timeline entry.
        await AddFaultAsync(new { carrier = "usps", endpoint = "/prices", status = 503, rate = 1.0 });
        try { (await RatesAsync(api, accountId)).StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable); }
        finally { await ClearFaultsAsync(); }
        (await AccountAsync(accountId)).TroubleSince.ShouldNotBeNull();
        (await RatesAsync(api, accountId)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var ended = await AccountAsync(accountId);
        ended.TroubleSince.ShouldBeNull();
        ended.TransientFailures.ShouldBe(0);
        ended.LastSuccessAt.ShouldNotBeNull().ShouldBeGreaterThan(first.Value);
        (await api.EventTypesAsync(accountId)).ShouldContain("carrier_trouble_ended");

        Stack.Clock.Advance(SuccessWindow);
        (await RatesAsync(api, accountId)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await AccountAsync(accountId)).LastSuccessAt.ShouldNotBeNull().ShouldBeGreaterThanOrEqualTo(ended.LastSuccessAt.Value + SuccessWindow, "a success after the window is written again");
    }

    [Fact]
    public async Task An_API_key_revoked_in_the_database_stops_working_within_the_key_cache_window()
    {
        var merchant = await Stack.CreateMerchantAsync();
        using var api = merchant.Api();
        (await api.GetAsync("/api/v1/carrier-accounts")).StatusCode.ShouldBe(HttpStatusCode.OK);

        // As an operator (or another node) would: the key is revoked in the shared database.
        await Stack.WithDbAsync(db => db.ApiKeys.Where(k => k.MerchantId == merchant.Id).ExecuteUpdateAsync(k => k.SetProperty(x => x.RevokedAt, DateTime.UtcNow)));
        Stack.Clock.Advance(KeyWindow);

        (await api.GetAsync("/api/v1/carrier-accounts")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_unknown_API_key_is_looked_up_every_time_so_a_key_added_later_works_at_once()
    {
        var merchant = await Stack.CreateMerchantAsync();
        using var wrong = (merchant with { ApiKey = merchant.ApiKey + "x" }).Api();
        (await wrong.GetAsync("/api/v1/carrier-accounts")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await wrong.GetAsync("/api/v1/carrier-accounts")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        using var right = merchant.Api();
        (await right.GetAsync("/api/v1/carrier-accounts")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}

public sealed class HotPathBookkeepingOnSqliteTests(SqliteStack fixture) : HotPathBookkeepingTests(fixture), IClassFixture<SqliteStack>;

public sealed class HotPathBookkeepingOnPostgresTests(PostgresStack fixture) : HotPathBookkeepingTests(fixture), IClassFixture<PostgresStack>;
