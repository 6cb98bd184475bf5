using CarrierLink.Bench.Clients;
using CarrierLink.Bench.Stack;

namespace CarrierLink.Bench.Scenarios;

/// <summary>
/// Issue 8, durability: kill -9 of a node during a refresh. Two nodes; per run a fresh account whose
/// access token USPS has expired, and a rate request to node 1, which has to refresh. The token
/// endpoint is held by a latency fault, and node 1 is killed in one of two windows:
/// - "rotated": after=true, USPS rotates at once and its answer is held 3 s; the kill lands once the
///   sandbox counted the rotation, so the new tokens die with the node (2 runs of every 3);
/// - "at USPS": the call is held 3 s before USPS handles it; the kill lands once the sandbox counted
///   the call and before it rotated (every 3rd run).
/// The killed node is started again in the background (on this shared machine a start takes 10 to 50 s,
/// so the victims take turns: nodes 1 and 2 of 3) while a rate request to node 0 (whose cached token
/// USPS refuses) renews once the dead node's lease has run out (Tokens:RefreshLeaseSeconds, 8 s here instead of 120 s, so
/// 30 runs fit in minutes). Goal: every account connected, or needs_reconnect with
/// state_reason_code lost_carrier_answer; no other outcome.
/// </summary>
public sealed class DurabilityKill : IScenario
{
    private const int LeaseSeconds = 8;
    private const int HeldMs = 3000;

    public string Name => "durability-kill";

    public string Description => "30 kill -9 of a node during refreshes: every account connected or needs_reconnect with the lost-answer reason";

    private sealed record RunFigures(string Window, bool RotatedBeforeKill, string SurvivorAnswer, string State, string? ReasonCode, long Grants, long Refused);

    public async Task RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var runs = context.Runs(30);
        var spec = new StackSpec(StoreKind.Postgres, Math.Max(2, context.Options.Nodes ?? 3),
            new Dictionary<string, string> { ["Tokens:RefreshLeaseSeconds"] = LeaseSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await using var stack = await context.StartStackAsync(spec, cancellationToken);
        using var merchant = await ScenarioContext.NewMerchantAsync(stack, cancellationToken);
        var survivor = merchant.Apis[0];
        var restarts = new Dictionary<int, Task<double>>();
        context.Say($"  {runs} runs on {spec.Describe()}, Tokens:RefreshLeaseSeconds={LeaseSeconds}; nodes 1 to {spec.Nodes - 1} in turn are killed mid-refresh, node 0 renews after it");

        var figures = new List<RunFigures>();
        await context.RepeatAsync(runs, async run =>
        {
            var victim = stack.Nodes[1 + (run - 1) % (stack.Nodes.Count - 1)];
            if (restarts.Remove(victim.Index, out var pending)) await pending;
            var afterRotation = run % 3 != 0;
            var window = afterRotation ? "rotated" : "at USPS";
            // Warmed on node 0 and the victim only: the other victim may still be starting.
            var customer = await stack.Control.CreateUspsCustomerAsync(cancellationToken);
            var account = new ConnectedAccount(customer, await merchant.ConnectUspsAsync(customer, $"Kill run {run}", cancellationToken));
            foreach (var node in new[] { 0, victim.Index })
            {
                var warm = await LoadGenerator.RunAsync([merchant.Apis[node]], 1, 1, _ => ShippingRequests.Rates(account.Id), cancellationToken);
                if (warm.Answers.Failed > 0) throw new InvalidOperationException($"Warming node {node} up answered {warm.Answers}.");
            }
            await stack.Control.ExpireTokensAsync(account.Customer, cancellationToken);
            var before = await stack.Control.CountersAsync("usps", cancellationToken);
            var fault = await stack.Control.AddFaultAsync(new FaultSpec("usps", "POST /oauth2/v3/token", DelayMs: HeldMs, After: afterRotation), cancellationToken);

            // The request dies with the node; its answer (none) is not a figure.
            var doomed = LoadGenerator.RunAsync([merchant.Apis[victim.Index]], 1, 1, _ => ShippingRequests.Rates(account.Id), cancellationToken);
            var reached = await DurabilityPgStop.WaitForAsync(async () =>
            {
                var now = await stack.Control.CountersAsync("usps", cancellationToken);
                return afterRotation ? now.Refreshes > before.Refreshes : now.CallsTo("POST /oauth2/v3/token") > before.CallsTo("POST /oauth2/v3/token");
            }, TimeSpan.FromSeconds(30), cancellationToken, pollMs: 20);
            if (!reached) throw new InvalidOperationException("The refresh never reached USPS.");
            victim.Kill();
            var rotatedBeforeKill = (await stack.Control.CountersAsync("usps", cancellationToken)).Refreshes > before.Refreshes;
            await stack.Control.RemoveFaultAsync(fault, cancellationToken);
            await doomed;

            var restartClock = System.Diagnostics.Stopwatch.StartNew();
            restarts[victim.Index] = Task.Run(async () =>
            {
                await victim.StartAsync(migrate: false, cancellationToken);
                return restartClock.Elapsed.TotalSeconds;
            }, cancellationToken);
            var renewal = await LoadGenerator.RunAsync([survivor], 1, 1, _ => ShippingRequests.Rates(account.Id), cancellationToken);
            var (state, reason) = await merchant.StateAndReasonAsync(account.Id, cancellationToken);
            var after = await stack.Control.CountersAsync("usps", cancellationToken);
            var result = new RunFigures(window, rotatedBeforeKill, renewal.Answers.ToString(), state, reason,
                after.Refreshes - before.Refreshes, after.RefreshRejected - before.RefreshRejected);
            figures.Add(result);
            context.Say($"  run {run,2} ({window,-7}): node {victim.Index} killed; USPS had rotated when it died: {(rotatedBeforeKill ? "yes" : "no ")} · node 0's request {result.SurvivorAnswer}"
                + $" · ended {state}{(reason is null ? "" : $" ({reason})")} · refresh grants {result.Grants}, refused {result.Refused}");
        });
        var restartTimes = new List<double>();
        foreach (var restart in restarts.Values) restartTimes.Add(await restart);
        context.Say($"  every killed node started again (the last restarts took {string.Join(", ", restartTimes.Select(t => $"{t:0.0} s"))})");

        context.Say($"  summary ({figures.Count} runs, {spec.Describe()}):");
        foreach (var group in figures.GroupBy(f => (f.Window, f.RotatedBeforeKill)))
        {
            context.Say($"    window {group.Key.Window}, USPS rotated before the kill: {(group.Key.RotatedBeforeKill ? "yes" : "no")} ({group.Count()} runs): "
                + string.Join(", ", group.GroupBy(Outcome).Select(o => $"{o.Key} {o.Count()}")));
        }
        context.Say($"    connected:                                   {figures.Count(f => Outcome(f) == "connected")}");
        context.Say($"    needs_reconnect (lost_carrier_answer):       {figures.Count(f => Outcome(f) == "needs_reconnect (lost_carrier_answer)")}");
        var other = figures.Where(f => Outcome(f) is not ("connected" or "needs_reconnect (lost_carrier_answer)")).ToList();
        context.Say($"    anything else:                               {other.Count} (goal 0){(other.Count == 0 ? "" : ": " + string.Join(", ", other.Select(Outcome)))}");
    }

    private static string Outcome(RunFigures f) => f.ReasonCode is null || f.State == "connected" ? f.State : $"{f.State} ({f.ReasonCode})";
}
