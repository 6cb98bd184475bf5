using System.Diagnostics;
using CarrierLink.Bench.Clients;
using CarrierLink.Bench.Stack;

namespace CarrierLink.Bench.Scenarios;

/// <summary>
/// One phase of i14-delivery: its name (also the receiver's path), the share of requests the receiver fails, and whether a
/// node is killed.
/// </summary>
public sealed record I14PhaseSpec(string Name, double FailureRate, bool Kill = false)
{
    public string Path => "hooks/" + Name;
}

/// <summary>What a phase measured.</summary>
/// <param name="ReleasedAt">When the receiver let its held answers go after the burst (Stopwatch ticks); null when it held none.</param>
public sealed record I14PhaseResult(I14PhaseSpec Spec, string Stack, I14Ledger Ledger, IReadOnlyList<string> Refused, int Resent, bool Settled,
    double SettleSeconds, long? ReleasedAt, I14KillFigures? Kill, double? RestartSeconds);

/// <summary>
/// Runs one phase on a running stack: a webhook endpoint of its own (made through the API, deleted at the end, so the
/// next phase's events do not reach it), optionally a warm-up, then the changes: accounts connected at a steady
/// <see cref="PacedPerSecond"/> (the latency at a light load), then all of them removed at once, at most N requests in
/// flight, while a healthy receiver holds its answers (the rate a backlog of events drains at once it lets them go). It
/// waits until every change's event has had a 2xx and no delivery is pending, sending again through the API any whose
/// schedule was spent.
/// </summary>
public static class I14Phase
{
    public const double PacedPerSecond = 20;
    public const int WarmUpAccounts = 10;
    public const string WarmUp = "warm-up";
    public const string Paced = "paced";
    public const string Burst = "burst";

    public static async Task<I14PhaseResult> RunAsync(ScenarioContext context, BenchStack stack, Merchant merchant, I14Receiver receiver,
        I14PhaseSpec spec, int accounts, int concurrency, bool warmUp, TimeSpan settleLimit, CancellationToken cancellationToken)
    {
        var url = receiver.Open(spec.Path, spec.FailureRate);
        var endpoint = await I14Endpoint.CreateAsync(merchant.Apis[0], url, $"i14-delivery {spec.Name}", cancellationToken);
        receiver.Trust(spec.Path, endpoint.Secret);
        // With a node to kill, the changes go to the others: the merchant's systems would see its requests fail, not the figures.
        var victim = spec.Kill ? stack.Nodes[^1] : null;
        var changes = new I14Changes(stack.Control, merchant.Apis.Where((_, i) => victim is null || i != victim.Index).ToList());
        var start = Stopwatch.GetTimestamp();

        if (warmUp)
        {
            var warm = await changes.ConnectPacedAsync(WarmUpAccounts, PacedPerSecond, WarmUp, cancellationToken);
            await changes.RemoveAllAsync(warm, concurrency, WarmUp, cancellationToken);
            await SettleAsync(receiver, spec, changes, endpoint, TimeSpan.FromSeconds(60), cancellationToken);
        }
        var connected = await changes.ConnectPacedAsync(accounts, PacedPerSecond, Paced, cancellationToken);
        var pacedEvents = changes.Made.Count;
        var kill = victim is null ? null : Task.Run(async () =>
        {
            // Mid-delivery: once a quarter of the removals have had a 2xx, with the rest still to send.
            var waiting = Stopwatch.StartNew();
            while (receiver.SucceededIdsAt(spec.Path) < pacedEvents + connected.Count / 4 && waiting.Elapsed < TimeSpan.FromMinutes(2))
                await Task.Delay(20, cancellationToken);
            return await I14Kill.KillMidDeliveryAsync(stack, victim, endpoint.Id, start, cancellationToken);
        }, cancellationToken);
        // A healthy receiver holds its answers while the removals are made, so the events/s is the rate a backlog drains at,
        // not the rate the API makes changes (one node makes and delivers them on the same two cores).
        var hold = spec.FailureRate == 0 && !spec.Kill;
        if (hold) receiver.Hold(spec.Path);
        await changes.RemoveAllAsync(connected, concurrency, Burst, cancellationToken);
        long? releasedAt = hold ? receiver.Release(spec.Path) : null;
        var killed = kill is null ? null : await kill;

        var settleClock = Stopwatch.StartNew();
        var settled = await SettleAsync(receiver, spec, changes, endpoint, settleLimit, cancellationToken);
        var settleSeconds = settleClock.Elapsed.TotalSeconds;
        double? restartSeconds = killed is null ? null : await killed.Restart;
        await endpoint.DeleteAsync(cancellationToken);
        var ledger = new I14Ledger(changes.Made, receiver.At(spec.Path));
        return new I14PhaseResult(
            spec, stack.Spec.Describe(), ledger, changes.Refused, endpoint.Resent, settled, settleSeconds, releasedAt, killed, restartSeconds);
    }

    /// <summary>
    /// Waits until every change made so far has had a 2xx and the endpoint has nothing pending; meanwhile sends again any
    /// delivery whose schedule was spent. False when <paramref name="limit"/> ran out first.
    /// </summary>
    private static async Task<bool> SettleAsync(
        I14Receiver receiver, I14PhaseSpec spec, I14Changes changes, I14Endpoint endpoint, TimeSpan limit, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var lastResendCheck = TimeSpan.Zero;
        while (clock.Elapsed < limit)
        {
            var ledger = new I14Ledger(changes.Made, receiver.At(spec.Path));
            if (ledger.Lost == 0 && !await endpoint.AnyPendingAsync(cancellationToken)) return true;
            if (clock.Elapsed - lastResendCheck > TimeSpan.FromSeconds(3))
            {
                await endpoint.ResendFailedAsync(cancellationToken);
                lastResendCheck = clock.Elapsed;
            }
            await Task.Delay(250, cancellationToken);
        }
        return false;
    }
}
