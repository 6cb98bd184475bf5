using CarrierLink.Bench.Clients;
using CarrierLink.Bench.Figures;
using CarrierLink.Bench.Stack;

namespace CarrierLink.Bench.Scenarios;

/// <summary>
/// Issue 8, P2: USPS fails every call (503) while 300 operations on one account run at once.
/// Each failure is recorded on the account; the goal is 0 × HTTP 500 (every answer a 503
/// carrier-unavailable) and the account still connected: an outage is not the merchant's problem.
/// </summary>
public sealed class P2Failures : IScenario
{
    public string Name => "p2-failures";

    public string Description => "300 concurrent operations on one account while USPS answers 503: HTTP 500 answers (goal 0), on PostgreSQL and SQLite";

    public async Task RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        foreach (var store in context.Stores(StoreKind.Postgres, StoreKind.Sqlite))
        {
            var spec = context.Spec(store);
            var requests = context.Requests(300);
            var runs = context.Runs(1);
            var operation = context.Operation(OperationKind.Rates);
            await using var stack = await context.StartStackAsync(spec, cancellationToken);
            using var merchant = await ScenarioContext.NewMerchantAsync(stack, cancellationToken);
            var internalErrors = new List<int>();
            await context.RepeatAsync(runs, async run =>
            {
                var account = await UspsAccounts.ConnectWarmAsync(stack, merchant, cancellationToken);
                // Exactly the fault the README and issue 8 name: every USPS call answers 503.
                var fault = await stack.Control.AddFaultAsync(new FaultSpec("usps", Status: 503, Rate: 1), cancellationToken);
                LoadResult load;
                try
                {
                    load = await LoadGenerator.RunAsync(merchant.Apis, requests, context.Concurrency(requests), i => ShippingRequests.For(operation, account.Id, i), cancellationToken);
                }
                finally
                {
                    await stack.Control.RemoveFaultAsync(fault, CancellationToken.None);
                }
                var state = await merchant.StateAsync(account.Id, cancellationToken);
                internalErrors.Add(load.Answers.WithStatus(500));
                context.Say($"  run {run,2}: {requests} failing operations ({operation.ToString().ToLowerInvariant()}) -> HTTP 500: {load.Answers.WithStatus(500)} · answers: {load.Answers} · ended {state} · {Stats.Seconds(load.Elapsed)}");
            });
            context.Say($"  summary ({internalErrors.Count} run{(internalErrors.Count == 1 ? "" : "s")}, {spec.Describe()}): HTTP 500 per run of {requests}: median {Stats.Format(Stats.Median(internalErrors))}, max {internalErrors.Max()} (goal 0)");
        }
    }
}
