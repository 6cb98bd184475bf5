using System.Globalization;
using CarrierLink.Bench.Figures;
using CarrierLink.Bench.Stack;

namespace CarrierLink.Bench.Scenarios;

/// <summary>
/// Issue 14, "Measured": webhooks delivered to a local receiver. On SQLite (1 node), PostgreSQL (1 node) and PostgreSQL
/// (3 nodes) a receiver that answers 2xx gets one endpoint's events; printed: events/s delivered under a backlog and
/// change (the API's answer) → the receiver's first 2xx, p50 and p99. Then on the 3 nodes the receiver fails 50% of the
/// requests with a 500, once as it is and once with a kill -9 of a node mid-delivery: every event delivered (a 2xx seen)
/// once per endpoint by webhook-id, duplicates (allowed by the spec) counted, lost 0. The changes are One Balance accounts
/// connected and removed through the API (an event each). Node settings of the benchmark: http to loopback allowed,
/// the spec's retry schedule scaled by <see cref="RetryScheduleScale"/> (its three days in about 27 s) and an attempt
/// timeout of <see cref="AttemptTimeoutSeconds"/> s, so a dead node's claims run out in 90 s instead of 330 s.
/// </summary>
public sealed class I14Delivery : IScenario
{
    public const string RetryScheduleScale = "0.0001";
    public const int AttemptTimeoutSeconds = 3;
    public const double FailureRate = 0.5;
    public const int DefaultAccounts = 400;
    public const int DefaultConcurrency = 32;

    public string Name => "i14-delivery";

    public string Description =>
        "issue 14: webhook events/s and change → receiver 2xx (p50, p99), 1 and 3 nodes; a receiver failing 50%, and a kill -9: lost 0";

    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Webhooks:AllowHttpToLoopback"] = "true",
        ["Webhooks:AllowPrivateAddresses"] = "true",
        ["Webhooks:RetryScheduleScale"] = RetryScheduleScale,
        ["Webhooks:TimeoutSeconds"] = AttemptTimeoutSeconds.ToString(CultureInfo.InvariantCulture),
    };

    public async Task RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var accounts = context.Requests(DefaultAccounts);
        var concurrency = context.Options.Concurrency ?? DefaultConcurrency;
        var stores = context.Stores(StoreKind.Sqlite, StoreKind.Postgres);
        var nodes = Math.Max(2, context.Options.Nodes ?? 3);
        await using var receiver = await I14Receiver.StartAsync(cancellationToken);
        context.Say($"  receiver on {receiver.BaseUrl} (Kestrel in this process, Standard Webhooks signatures checked by its own code)");
        context.Say($"  node settings: {string.Join(", ", Settings.Select(s => $"{s.Key}={s.Value}"))}; the rest as shipped "
            + "(Notifications:PollMilliseconds=500, Webhooks:BatchSize=20, Webhooks:Concurrency=8)");
        context.Say($"  per phase: {accounts} One Balance accounts connected at {I14Phase.PacedPerSecond:0}/s, then all removed with at most "
            + $"{concurrency} requests in flight: {2 * accounts} events (plus {2 * I14Phase.WarmUpAccounts} of a warm-up on a fresh stack)");

        var results = new List<I14PhaseResult>();
        var healthy = TimeSpan.FromMinutes(2);
        var failing = TimeSpan.FromMinutes(3);
        // A dead node's claims run out after 20 × 3 + 30 s; then the spec's scaled schedule, about 27 s.
        var killed = TimeSpan.FromMinutes(4);
        if (stores.Contains(StoreKind.Sqlite))
            results.AddRange(await OnStackAsync(context, new StackSpec(StoreKind.Sqlite, 1, Settings), receiver, accounts, concurrency,
                [(new I14PhaseSpec("sqlite-1-node", 0), healthy)], cancellationToken));
        if (stores.Contains(StoreKind.Postgres))
        {
            results.AddRange(await OnStackAsync(context, new StackSpec(StoreKind.Postgres, 1, Settings), receiver, accounts, concurrency,
                [(new I14PhaseSpec("postgres-1-node", 0), healthy)], cancellationToken));
            results.AddRange(await OnStackAsync(context, new StackSpec(StoreKind.Postgres, nodes, Settings), receiver, accounts, concurrency,
                [
                    (new I14PhaseSpec($"postgres-{nodes}-nodes", 0), healthy),
                    (new I14PhaseSpec($"postgres-{nodes}-nodes-failing", FailureRate), failing),
                    (new I14PhaseSpec($"postgres-{nodes}-nodes-failing-kill", FailureRate, Kill: true), killed),
                ], cancellationToken));
        }
        PrintSummary(context, results);
    }

    private static async Task<List<I14PhaseResult>> OnStackAsync(ScenarioContext context, StackSpec spec, I14Receiver receiver, int accounts,
        int concurrency, IReadOnlyList<(I14PhaseSpec Phase, TimeSpan SettleLimit)> phases, CancellationToken cancellationToken)
    {
        await using var stack = await context.StartStackAsync(spec, cancellationToken);
        using var merchant = await ScenarioContext.NewMerchantAsync(stack, cancellationToken);
        var results = new List<I14PhaseResult>();
        foreach (var (phase, limit) in phases)
        {
            var result = await I14Phase.RunAsync(
                context, stack, merchant, receiver, phase, accounts, concurrency, warmUp: results.Count == 0, limit, cancellationToken);
            Print(context, result);
            results.Add(result);
        }
        return results;
    }

    private static void Print(ScenarioContext context, I14PhaseResult result)
    {
        var l = result.Ledger;
        var receiverSays = result.Spec.FailureRate > 0
            ? $"a receiver failing {Percent(result.Spec.FailureRate)} with 500"
            : "a receiver answering 204";
        context.Say($"  {result.Spec.Name} ({result.Stack}, {receiverSays}{(result.Spec.Kill ? ", kill -9 of a node mid-delivery" : "")}):");
        var refused = string.Join(", ", result.Refused.GroupBy(r => r).Select(g => $"{g.Key} × {g.Count()}"));
        context.Say($"    changes: {l.EventsOf(I14Phase.Paced)} connected at {I14Phase.PacedPerSecond:0}/s, "
            + $"{l.EventsOf(I14Phase.Burst)} removed at {Rate(l.ChangesPerSecond(I14Phase.Burst))}/s; "
            + $"refused by the API: {result.Refused.Count}{(refused.Length == 0 ? "" : $" ({refused})")}");
        context.Say($"    paced: change → first 2xx {Percentiles(l.LatenciesMs(I14Phase.Paced))}");
        if (result.ReleasedAt is { } released)
        {
            var (drained, perSecond) = l.DrainedFrom(I14Phase.Burst, released);
            context.Say($"    burst: the receiver held its answers while the removals were made; backlog when it let go: "
                + $"{l.BacklogAt(I14Phase.Burst, released)} events; {drained} delivered from then at {Rate(perSecond)} events/s");
        }
        else
        {
            context.Say($"    burst: the last of its {l.EventsOf(I14Phase.Burst)} events had its first 2xx "
                + $"{Seconds(l.DeliverySeconds(I14Phase.Burst))} after the first removal; "
                + $"change → first 2xx {Percentiles(l.LatenciesMs(I14Phase.Burst))}");
        }
        if (result.Kill is { } kill)
            context.Say($"    kill -9 of node {kill.Node} {kill.AtSeconds:0.0} s into the phase: "
                + $"{kill.ClaimedAtKill} deliveries claimed just after it, {kill.HeldByDeadNode} of them still claimed 10 s later (the dead "
                + $"node's, sent by another node once the claim ran out); restarted in {result.RestartSeconds:0.0} s");
        context.Say($"    every event: {l.Events} events, delivered {l.Delivered}, lost {l.Lost} (goal 0); under more than one webhook-id "
            + $"{l.EventsUnderSeveralIds} (goal 0); duplicates (2xx again for a webhook-id) {l.Duplicates}; unexpected {l.Unexpected}");
        context.Say($"    receiver: {l.Requests} requests, {l.Answered500} answered 500, {l.NotVerified} not verified (goal 0); "
            + $"schedule spent (10 failures), sent again through the API: {result.Resent}; "
            + (result.Settled
                ? $"nothing pending {Seconds(result.SettleSeconds)} after the last removal"
                : $"NOT settled within the limit ({Seconds(result.SettleSeconds)})"));
    }

    private static void PrintSummary(ScenarioContext context, IReadOnlyList<I14PhaseResult> results)
    {
        context.Say("  summary:");
        context.Say("    | phase | stack | receiver | events | events/s delivered (backlog) | change → 2xx p50 / p99 (paced) "
            + "| burst's last first 2xx after its first removal | lost | under 2+ ids | duplicates | sent again | not verified |");
        context.Say("    |---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in results)
        {
            var l = r.Ledger;
            var receiver = (r.Spec.FailureRate > 0 ? $"{Percent(r.Spec.FailureRate)} 500s" : "2xx") + (r.Spec.Kill ? ", kill -9" : "");
            var drain = r.ReleasedAt is { } released ? Rate(l.DrainedFrom(I14Phase.Burst, released).PerSecond) : "-";
            context.Say($"    | {r.Spec.Name} | {r.Stack} | {receiver} | {l.Events} | {drain} | {Pair(l.LatenciesMs(I14Phase.Paced))} | "
                + $"{Seconds(l.DeliverySeconds(I14Phase.Burst))} | {l.Lost} | {l.EventsUnderSeveralIds} | {l.Duplicates} | {r.Resent} | "
                + $"{l.NotVerified} |");
        }
    }

    private static string Percentiles(IReadOnlyList<double> ms) =>
        ms.Count == 0
            ? "(none delivered)"
            : $"p50 {Ms(Stats.Percentile(ms, 50))}, p99 {Ms(Stats.Percentile(ms, 99))}, max {Ms(ms.Max())} ({ms.Count} events)";

    private static string Pair(IReadOnlyList<double> ms) =>
        ms.Count == 0 ? "-" : $"{Ms(Stats.Percentile(ms, 50))} / {Ms(Stats.Percentile(ms, 99))}";

    private static string Ms(double value) => value.ToString(value < 10 ? "0.0" : "#,0", CultureInfo.InvariantCulture) + " ms";

    private static string Rate(double value) => value.ToString("#,0.0", CultureInfo.InvariantCulture);

    private static string Percent(double share) => (share * 100).ToString("0", CultureInfo.InvariantCulture) + "%";

    private static string Seconds(double value) => value.ToString("0.0", CultureInfo.InvariantCulture) + " s";
}
