using CarrierLink.Bench.Clients;
using CarrierLink.Bench.Figures;
using CarrierLink.Bench.Stack;

namespace CarrierLink.Bench.Scenarios;

/// <summary>
/// Issue 8, P2: N nodes on one PostgreSQL, one USPS account whose access token expired at the
/// carrier, 1,000 concurrent rate requests spread over the nodes. Goal: 1 refresh grant per run,
/// 0 failed operations, 0 false needs_reconnect (nothing was revoked, so any is false).
/// </summary>
public sealed class P2Refresh : IScenario
{
    public string Name => "p2-refresh";

    public string Description => "1,000 concurrent operations over 3 nodes on an expired token: refresh grants, failures, false needs_reconnect (goal 1, 0, 0)";

    private sealed record RunFigures(long Grants, long Refused, AnswerTally Answers, string State, TimeSpan Setup, TimeSpan Load);

    public async Task RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        foreach (var store in context.Stores(StoreKind.Postgres))
        {
            var spec = context.Spec(store);
            var requests = context.Requests(1000);
            var runs = context.Runs(20);
            await using var stack = await context.StartStackAsync(spec, cancellationToken);
            using var merchant = await ScenarioContext.NewMerchantAsync(stack, cancellationToken);
            context.Say($"  {runs} runs, {requests} rate requests each ({context.Concurrency(requests)} in flight at most), fresh account per run");

            var figures = new List<RunFigures>();
            await context.RepeatAsync(runs, async run =>
            {
                var result = await RunOnceAsync(context, stack, merchant, requests, cancellationToken);
                figures.Add(result);
                context.Say($"  run {run,2}: refresh grants {result.Grants} (refused {result.Refused}) · failed {result.Answers.Failed} of {requests}"
                    + $" ({result.Answers.Failures()}) · ended {result.State} · {Stats.Seconds(result.Load)} (+ {Stats.Seconds(result.Setup)} to connect and check)");
            });
            Summarize(context, spec, requests, figures);
        }
    }

    private static async Task<RunFigures> RunOnceAsync(ScenarioContext context, BenchStack stack, Merchant merchant, int requests, CancellationToken cancellationToken)
    {
        var setup = System.Diagnostics.Stopwatch.StartNew();
        var account = await UspsAccounts.ConnectWarmAsync(stack, merchant, cancellationToken);
        await stack.Control.ExpireTokensAsync(account.Customer, cancellationToken);
        var before = await stack.Control.CountersAsync("usps", cancellationToken);
        var load = await LoadGenerator.RunAsync(merchant.Apis, requests, context.Concurrency(requests), _ => ShippingRequests.Rates(account.Id), cancellationToken);
        var after = await stack.Control.CountersAsync("usps", cancellationToken);
        var state = await merchant.StateAsync(account.Id, cancellationToken);
        return new RunFigures(after.Refreshes - before.Refreshes, after.RefreshRejected - before.RefreshRejected, load.Answers, state, setup.Elapsed - load.Elapsed, load.Elapsed);
    }

    private static void Summarize(ScenarioContext context, StackSpec spec, int requests, List<RunFigures> runs)
    {
        var failed = runs.Select(r => r.Answers.Failed).ToList();
        context.Say($"  summary ({runs.Count} runs, {spec.Describe()}, {requests} requests each):");
        context.Say($"    runs with more than 1 refresh grant:       {runs.Count(r => r.Grants > 1)} of {runs.Count} (grants per run: {string.Join(' ', runs.Select(r => r.Grants))})");
        context.Say($"    runs with no refresh grant:                {runs.Count(r => r.Grants == 0)} of {runs.Count}");
        context.Say($"    runs ending needs_reconnect (all false):   {runs.Count(r => r.State == "needs_reconnect")} of {runs.Count}");
        context.Say($"    failed operations per run:                 median {Stats.Format(Stats.Median(failed))} of {requests}, min {failed.Min()}, max {failed.Max()}");
        context.Say($"    runs with 0 failed operations:             {failed.Count(f => f == 0)} of {runs.Count}");
    }
}
