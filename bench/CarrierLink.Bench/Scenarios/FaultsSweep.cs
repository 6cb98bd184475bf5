using System.Diagnostics;
using System.Globalization;
using CarrierLink.Bench.Clients;
using CarrierLink.Bench.Stack;
using Npgsql;

namespace CarrierLink.Bench.Scenarios;

/// <summary>
/// Issue 8: 30% transient carrier faults while the engine sweeps. 100 USPS and 30 One Balance accounts,
/// probed every minute (Health:ProbeIntervalMinutes=1); on every USPS and Stamps.com endpoint, token and
/// sign-in endpoints included, 30% of calls fail before the carrier handles them: half answer 503, half
/// drop the connection (0.15 + 0.85 × 0.1765 = 0.30). Nothing is revoked, so any state change is a false
/// flip. Figures over a few minutes: state flips (goal 0), transient failures CarrierLink counted on the
/// accounts (sampled every 2 s from carrier_accounts.transient_failures, which only grows during a spell
/// of trouble), the timeline entries written, and the carrier calls made.
/// </summary>
public sealed class FaultsSweep : IScenario
{
    private const int UspsAccounts = 100;
    private const int OneBalanceAccounts = 30;
    private static readonly TimeSpan Sweep = TimeSpan.FromMinutes(4);

    public string Name => "faults-sweep";

    public string Description => "30% injected transient carrier faults during sweeps: state flips (goal 0)";

    public async Task RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var spec = new StackSpec(StoreKind.Postgres, context.Options.Nodes ?? 3, new Dictionary<string, string> { ["Health:ProbeIntervalMinutes"] = "1" });
        await using var stack = await context.StartStackAsync(spec, cancellationToken);
        using var merchant = await ScenarioContext.NewMerchantAsync(stack, cancellationToken);
        var usps = await ManyAccounts.ConnectUspsAsync(stack, merchant.Login, UspsAccounts, 4, cancellationToken);
        var stamps = await ManyAccounts.ConnectOneBalanceAsync(stack, merchant.Login, OneBalanceAccounts, 4, cancellationToken);
        var ids = usps.Concat(stamps).Select(a => a.Id).ToArray();
        context.Say($"  {usps.Count} USPS + {stamps.Count} One Balance accounts connected, {spec.Describe()}, Health:ProbeIntervalMinutes=1; "
            + $"faults: 503 (rate 0.15) then dropped connections (rate 0.1765) on every USPS and Stamps.com call = 30%, for {Sweep.TotalMinutes:0} min");

        foreach (var carrier in new[] { "usps", "stamps" })
        {
            await stack.Control.AddFaultAsync(new FaultSpec(carrier, Status: 503, Rate: 0.15), cancellationToken);
            await stack.Control.AddFaultAsync(new FaultSpec(carrier, Drop: true, Rate: 0.1765), cancellationToken);
        }
        await using var connection = await stack.Postgres!.OpenAsync(cancellationToken);
        var startedAt = await NowAsync(connection, cancellationToken);
        var before = new[] { await stack.Control.CountersAsync("usps", cancellationToken), await stack.Control.CountersAsync("stamps", cancellationToken) };

        var clock = Stopwatch.StartNew();
        var lastFailures = ids.ToDictionary(id => id, _ => 0);
        long counted = 0;
        var everLeft = new Dictionary<Guid, string>();
        while (clock.Elapsed < Sweep)
        {
            await Task.Delay(2000, cancellationToken);
            await using var command = new NpgsqlCommand("SELECT id, state, transient_failures FROM carrier_accounts WHERE id = ANY(@ids)", connection);
            command.Parameters.AddWithValue("ids", ids);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var (id, state, failures) = (reader.GetGuid(0), reader.GetString(1), reader.GetInt32(2));
                if (failures > lastFailures[id]) counted += failures - lastFailures[id];
                else if (failures < lastFailures[id]) counted += failures;
                lastFailures[id] = failures;
                if (state != "connected") everLeft.TryAdd(id, state);
            }
        }
        await stack.Control.ClearFaultsAsync(cancellationToken);
        var after = new[] { await stack.Control.CountersAsync("usps", cancellationToken), await stack.Control.CountersAsync("stamps", cancellationToken) };

        var events = new List<string>();
        await using (var command = new NpgsqlCommand(
            "SELECT type, count(*) FROM account_events WHERE account_id = ANY(@ids) AND at >= @since GROUP BY type ORDER BY count(*) DESC", connection))
        {
            command.Parameters.AddWithValue("ids", ids);
            command.Parameters.AddWithValue("since", startedAt);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) events.Add($"{reader.GetString(0)} {reader.GetInt64(1)}");
        }
        var states = await Task.WhenAll(ids.Select(id => merchant.StateAndReasonAsync(id, cancellationToken)));
        var calls = after.Zip(before, (a, b) => a.Calls.Sum(c => c.Value) - b.Calls.Sum(c => c.Value)).ToArray();
        var tokenCalls = after[0].CallsTo("POST /oauth2/v3/token") - before[0].CallsTo("POST /oauth2/v3/token");

        context.Say($"  state flips: {everLeft.Count} account(s) left connected during the sweep (goal 0){(everLeft.Count == 0 ? "" : ": " + string.Join(", ", everLeft.Values.GroupBy(v => v).Select(g => $"{g.Key} {g.Count()}")))}; "
            + $"at the end: {string.Join(", ", states.GroupBy(s => s.ReasonCode is null ? s.State : $"{s.State} ({s.ReasonCode})").Select(g => $"{g.Key} {g.Count()}"))}");
        context.Say($"  transient failures counted on the accounts: {counted} (sampled every 2 s)");
        context.Say($"  carrier calls during the sweep: USPS {calls[0]} (token endpoint {tokenCalls}; refresh grants {after[0].Refreshes - before[0].Refreshes}, refused {after[0].RefreshRejected - before[0].RefreshRejected}), "
            + $"Stamps.com {calls[1]} (authenticators issued {after[1].TokensIssued - before[1].TokensIssued}); about 30% of them faulted by design");
        context.Say($"  timeline entries written during the sweep: {(events.Count == 0 ? "none" : string.Join(", ", events))}");
    }

    private static async Task<DateTime> NowAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT now()", connection);
        return (DateTime)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
