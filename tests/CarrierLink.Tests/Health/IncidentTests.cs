using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CarrierLink.Tests.Support;
using CarrierLink.Web.Accounts;
using CarrierLink.Web.Data;
using CarrierLink.Web.Health;
using CarrierLink.Web.Shipping;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace CarrierLink.Tests.Health;

/// <summary>
/// A carrier's sign-in refusing many accounts at once is the carrier's trouble, not the merchants': an incident
/// holds their state instead of asking each to reconnect, and when it ends only those still refused are asked.
/// </summary>
public abstract class IncidentTests(StackFixture fixture) : HealthTestBase(fixture)
{
    /// <summary>A low threshold, so a handful of accounts make an incident: 3 refused, and at least half of the recently active.</summary>
    public static readonly string[] Args = ["--Health:Incidents:MinAccounts=3", "--Health:Incidents:MinShare=0.5"];

    [Fact]
    public async Task A_usps_sign_in_outage_opens_an_incident_that_holds_the_accounts_and_when_it_ends_only_the_revoked_one_needs_reconnecting()
    {
        await SetAsideEarlierAccountsAsync();
        var merchant = await Stack.CreateMerchantAsync();
        using var api = merchant.Api();
        var customers = new List<SandboxCustomer>();
        var accounts = new List<Guid>();
        for (var i = 1; i <= 5; i++)
        {
            var customer = await Stack.CreateUspsCustomerAsync();
            customers.Add(customer);
            accounts.Add(await merchant.ConnectUspsAsync(customer, $"Store {i}"));
        }
        await RunEngineAsync();
        var revoked = accounts[0];
        var healthy = accounts[1..];
        await ControlAsync("usps", customers[0], "revoke");

        // USPS's sign-in refuses every refresh token, good ones too, while the probes come due.
        await AddFaultAsync(new { carrier = "usps", endpoint = "POST /oauth2/v3/token", error = "invalid_grant" });
        try
        {
            Stack.Clock.Advance(TimeSpan.FromMinutes(Options.ProbeIntervalMinutes + 1));
            await RunEngineAsync();
            Stack.Clock.Advance(TimeSpan.FromSeconds(5));

            var open = await Stack.WithDbAsync(db => db.CarrierIncidents.AsNoTracking().Where(i => i.Carrier == "usps" && i.ClosedAt == null).ToListAsync());
            open.Count.ShouldBe(1);
            foreach (var accountId in accounts)
            {
                (await api.StateOfAsync(accountId)).ShouldBe("connected", "an incident holds the account instead of asking for a reconnect");
                (await AccountAsync(accountId)).HeldByIncidentId.ShouldBe(open[0].Id);
            }
            (await api.GetFromJsonAsync<JsonElement>($"/api/v1/carrier-accounts/{healthy[0]}")).GetProperty("health").GetProperty("held_by_incident")
                .GetBoolean().ShouldBeTrue();
            var held = await RatesAsync(api, healthy[0]);
            held.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable, await held.Content.ReadAsStringAsync());
            held.Headers.RetryAfter.ShouldNotBeNull();
            var problem = await held.Content.ReadFromJsonAsync<JsonElement>();
            problem.GetProperty("type").GetString().ShouldBe("carrier-unavailable");
            problem.GetProperty("detail").GetString()!.ShouldContain("sign-in is having trouble");
        }
        finally
        {
            await ClearFaultsAsync();
        }

        // The sign-in works again: the next canary finds out, the incident ends, and each held account is checked.
        Stack.Clock.Advance(TimeSpan.FromMinutes(Options.Incidents.CanaryMinutes + 1));
        await RunEngineAsync();

        var incident = await Stack.WithDbAsync(db => db.CarrierIncidents.AsNoTracking().SingleAsync(i => i.Carrier == "usps"));
        incident.ClosedAt.ShouldNotBeNull();
        (await api.StateOfAsync(revoked)).ShouldBe("needs_reconnect");
        (await AccountAsync(revoked)).StateReasonCode.ShouldBe(StateReasonCodes.Rejected);
        foreach (var accountId in healthy)
        {
            (await api.StateOfAsync(accountId)).ShouldBe("connected");
            (await AccountAsync(accountId)).HeldByIncidentId.ShouldBeNull();
        }
        foreach (var accountId in accounts) (await AccountAsync(accountId)).HeldByIncidentId.ShouldBeNull();
        (await RatesAsync(api, healthy[0])).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_refusal_counted_just_before_an_incident_opened_is_held_by_it_rather_than_asking_for_a_reconnect()
    {
        var ids = await ConnectedOneBalanceAccountsAsync("stamps", 4);
        const string refused = "Stamps.com no longer accepts the saved password.";

        // Three refusals at once, as a batch of health checks makes them. The first is counted while there are too few for an incident...
        (await Incidents.RecordRejectionAsync(await AccountAsync(ids[0]), CancellationToken.None)).ShouldBeNull();
        // ...the next two open one, which holds every account refused within its window...
        (await Health.RejectAsync(await AccountAsync(ids[1]), refused, answerLost: false, afterIncident: false, CancellationToken.None)).HeldBy.ShouldBeNull();
        var opened = await Health.RejectAsync(await AccountAsync(ids[2]), refused, answerLost: false, afterIncident: false, CancellationToken.None);
        var incident = opened.HeldBy.ShouldNotBeNull();
        // ...and only then is the first verdict applied, the second half of its RejectAsync.
        await Health.ApplyAsync(ids[0], new ConnectionEvent.AuthRejected(refused), CancellationToken.None);

        foreach (var id in ids[..3])
        {
            var account = await AccountAsync(id);
            account.State.ShouldBe(ConnectionState.Connected);
            account.HeldByIncidentId.ShouldBe(incident.Id);
        }
        (await AccountAsync(ids[3])).HeldByIncidentId.ShouldBeNull();
    }

    protected AccountHealth Health => Stack.Services.GetRequiredService<AccountHealth>();

    protected CarrierIncidents Incidents => Stack.Services.GetRequiredService<CarrierIncidents>();

    /// <summary>Accounts of one carrier no other test of the class uses, so its incident and active count are this test's alone.</summary>
    protected async Task<List<Guid>> ConnectedOneBalanceAccountsAsync(string carrier, int count)
    {
        var merchant = await Stack.CreateMerchantAsync();
        var ids = new List<Guid>();
        for (var i = 1; i <= count; i++)
            ids.Add(await merchant.ConnectOneBalanceAsync(await Stack.CreateStampsCustomerAsync(), carrier, $"Balance {i}"));
        return ids;
    }
}

public sealed class IncidentSqliteStack() : StackFixture(StoreProvider.Sqlite, ClockScope.CarrierLinkAndSandbox, IncidentTests.Args);

public sealed class IncidentPostgresStack() : StackFixture(StoreProvider.Postgres, ClockScope.CarrierLinkAndSandbox, IncidentTests.Args);

public sealed class IncidentsOnSqliteTests(IncidentSqliteStack fixture) : IncidentTests(fixture), IClassFixture<IncidentSqliteStack>;

public sealed class IncidentsOnPostgresTests(IncidentPostgresStack fixture) : IncidentTests(fixture), IClassFixture<IncidentPostgresStack>
{
    [Fact]
    public async Task Accounts_refused_before_an_incident_opened_are_all_held_even_when_one_of_them_changes_while_it_opens()
    {
        var ids = await ConnectedOneBalanceAccountsAsync("ups_one_balance", 4);
        foreach (var id in ids[..2])
            (await Incidents.RecordRejectionAsync(await AccountAsync(id), CancellationToken.None)).ShouldBeNull();

        // Another request is changing the first account (a nickname edit, say) and has not committed yet.
        await using var other = Stack.Services.CreateAsyncScope();
        var otherDb = other.ServiceProvider.GetRequiredService<CarrierLinkDb>();
        var transaction = await otherDb.Database.BeginTransactionAsync();
        await otherDb.CarrierAccounts.Where(a => a.Id == ids[0]).ExecuteUpdateAsync(a => a.SetProperty(x => x.Version, x => x.Version + 1));
        var third = Health.RejectAsync(await AccountAsync(ids[2]), "refused", answerLost: false, afterIncident: false, CancellationToken.None);
        await EventuallyAsync(async () => await Stack.WithDbAsync(db => db.Database.SqlQueryRaw<int>(
            "SELECT count(*)::int AS \"Value\" FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'").SingleAsync()) > 0,
            "the incident's hold waits for the first account's row");
        await transaction.CommitAsync();

        var incident = (await third).HeldBy.ShouldNotBeNull();
        foreach (var id in ids[..3]) (await AccountAsync(id)).HeldByIncidentId.ShouldBe(incident.Id);
    }
}
