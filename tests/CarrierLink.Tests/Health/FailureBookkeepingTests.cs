using System.Net;
using System.Net.Http.Json;
using CarrierLink.Tests.Support;
using CarrierLink.Web.Shipping;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace CarrierLink.Tests.Health;

/// <summary>
/// Many operations of one account failing at once: the account's bookkeeping never conflicts, so no request
/// answers 500 because another failed beside it, and what is remembered is remembered once.
/// </summary>
public abstract class FailureBookkeepingTests(StackFixture fixture) : HealthTestBase(fixture)
{
    [Fact]
    public async Task Three_hundred_concurrent_operations_failing_at_the_carrier_all_answer_503_with_one_trouble_event()
    {
        var (api, accountId, _) = await ConnectedUspsAsync();
        await AddFaultAsync(new { carrier = "usps", endpoint = "/prices", status = 503, rate = 1.0 });
        HttpResponseMessage[] responses;
        try
        {
            responses = await Task.WhenAll(Enumerable.Range(0, 300).Select(_ => RatesAsync(api, accountId)));
        }
        finally
        {
            await ClearFaultsAsync();
        }

        responses.GroupBy(r => r.StatusCode).ToDictionary(g => g.Key, g => g.Count())
            .ShouldBe(new Dictionary<HttpStatusCode, int> { [HttpStatusCode.ServiceUnavailable] = 300 });
        (await api.EventTypesAsync(accountId)).Count(t => t == "carrier_trouble_started").ShouldBe(1);
        var account = await AccountAsync(accountId);
        account.TransientFailures.ShouldBe(300, "every failure is counted, none lost to a conflict");
        account.State.ShouldBe(Web.Data.ConnectionState.Connected);
    }

    [Fact]
    public async Task Sixteen_operations_in_flight_when_the_grant_breaks_all_answer_424()
    {
        var (api, accountId, customer) = await ConnectedUspsAsync();
        await ResetCountersAsync();
        await AddFaultAsync(new { carrier = "usps", endpoint = "/prices", delay_ms = 1500, rate = 1.0 });
        HttpResponseMessage[] responses;
        try
        {
            var inFlight = Enumerable.Range(0, 16).Select(_ => RatesAsync(api, accountId)).ToList();
            // The sandbox counts a call before the fault holds it: all 16 have reached USPS and wait there.
            await EventuallyAsync(async () => await UspsApiCallsAsync() >= 16, "16 rate calls in flight at USPS");
            // The demo switch, so the break reaches the calls already at USPS (as published, their token would outlive the revocation).
            await Stack.RevokeGrantInstantlyAsync(customer);
            responses = await Task.WhenAll(inFlight);
        }
        finally
        {
            await ClearFaultsAsync();
        }

        responses.GroupBy(r => r.StatusCode).ToDictionary(g => g.Key, g => g.Count())
            .ShouldBe(new Dictionary<HttpStatusCode, int> { [HttpStatusCode.FailedDependency] = 16 });
        (await api.StateOfAsync(accountId)).ShouldBe("needs_reconnect");
        (await api.EventTypesAsync(accountId)).Count(t => t == "needs_reconnect").ShouldBe(1);
    }

    [Fact]
    public async Task A_label_tried_three_times_on_a_broken_account_is_remembered_once_and_rates_are_not_remembered()
    {
        var (api, accountId, customer) = await ConnectedUspsAsync();
        await Stack.RevokeGrantAndExpireAccessTokenAsync(customer);

        for (var attempt = 0; attempt < 3; attempt++)
        {
            var label = await api.PostAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/labels", ShippingBodies.Label());
            label.StatusCode.ShouldBe(HttpStatusCode.FailedDependency, await label.Content.ReadAsStringAsync());
        }
        for (var attempt = 0; attempt < 2; attempt++)
            (await RatesAsync(api, accountId)).StatusCode.ShouldBe(HttpStatusCode.FailedDependency);

        var remembered = await Stack.WithDbAsync(db =>
            db.FailedOperations.AsNoTracking().Where(f => f.AccountId == accountId).Select(f => f.Operation).ToListAsync());
        remembered.ShouldBe([ShippingOperationNames.Label]);
    }

    [Fact]
    public async Task Different_labels_stopped_by_a_broken_account_are_each_remembered()
    {
        var (api, accountId, customer) = await ConnectedUspsAsync();
        await Stack.RevokeGrantAndExpireAccessTokenAsync(customer);

        foreach (var mailClass in new[] { "PRIORITY_MAIL", "USPS_GROUND_ADVANTAGE" })
        {
            var label = await api.PostAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/labels", ShippingBodies.Label(mailClass));
            label.StatusCode.ShouldBe(HttpStatusCode.FailedDependency);
        }

        (await Stack.WithDbAsync(db => db.FailedOperations.CountAsync(f => f.AccountId == accountId))).ShouldBe(2);
    }
}

public sealed class FailureBookkeepingOnSqliteTests(SqliteStack fixture) : FailureBookkeepingTests(fixture), IClassFixture<SqliteStack>;

public sealed class FailureBookkeepingOnPostgresTests(PostgresStack fixture) : FailureBookkeepingTests(fixture), IClassFixture<PostgresStack>;
