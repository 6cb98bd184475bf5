using CarrierLink.Bench.Clients;
using CarrierLink.Bench.Figures;
using CarrierLink.Bench.Stack;

namespace CarrierLink.Bench.Scenarios;

/// <summary>
/// Issue 8, P2: 16 operations are in flight (held at the carrier by a latency fault) when the
/// merchant revokes CarrierLink at USPS. Every one of them should answer 424 reconnect-required;
/// a 500 or a 409 means the nodes tripped over each other marking the account.
/// </summary>
public sealed class P2Break : IScenario
{
    // Long enough that all 16 reach the carrier, and the revoke lands, before the first is let go
    // (on a busy 2-core machine that takes a second or two); short enough to keep a run quick.
    private const int HeldMilliseconds = 4000;
    private static readonly TimeSpan ArrivalTimeout = TimeSpan.FromSeconds(15);

    public string Name => "p2-break";

    public string Description => "16 operations in flight when the grant is revoked: answers by status (goal: all 424), on PostgreSQL and SQLite";

    public async Task RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        foreach (var store in context.Stores(StoreKind.Postgres, StoreKind.Sqlite))
        {
            var spec = context.Spec(store);
            var requests = context.Requests(16);
            var runs = context.Runs(1);
            var operation = context.Operation(OperationKind.Rates);
            await using var stack = await context.StartStackAsync(spec, cancellationToken);
            using var merchant = await ScenarioContext.NewMerchantAsync(stack, cancellationToken);
            var all = new AnswerTally();
            var done = await context.RepeatAsync(runs, async run =>
            {
                var (answers, arrived, state) = await RunOnceAsync(stack, merchant, operation, requests, cancellationToken);
                foreach (var answer in answers.Entries()) all.Add(answer.Key, answer.Value);
                context.Say($"  run {run,2}: {arrived} of {requests} {operation.ToString().ToLowerInvariant()} in flight at USPS when the grant broke -> {answers} · not 424: {requests - answers.WithStatus(424)} · ended {state}");
            });
            context.Say($"  summary ({done} run{(done == 1 ? "" : "s")}, {spec.Describe()}): {all} · not 424: {all.Total - all.WithStatus(424)} (goal: all {done * requests} × 424)");
        }
    }

    private static async Task<(AnswerTally Answers, long Arrived, string State)> RunOnceAsync(BenchStack stack, Merchant merchant, OperationKind operation,
        int requests, CancellationToken cancellationToken)
    {
        var account = await UspsAccounts.ConnectWarmAsync(stack, merchant, cancellationToken);
        var firstCalls = ShippingRequests.FirstCallPaths(operation);
        var before = CallsTo(await stack.Control.CountersAsync("usps", cancellationToken), firstCalls);
        var faults = new List<string>();
        try
        {
            foreach (var path in ShippingRequests.CarrierPaths(operation))
                faults.Add(await stack.Control.AddFaultAsync(new FaultSpec("usps", Endpoint: path, DelayMs: HeldMilliseconds, Rate: 1), cancellationToken));
            var load = LoadGenerator.RunAsync(merchant.Apis, requests, requests, i => ShippingRequests.For(operation, account.Id, i), cancellationToken);
            // The sandbox counts a call before the latency holds it, so the counter tells when all are in flight.
            var arrived = await WaitForArrivalsAsync(stack, firstCalls, before, requests, cancellationToken);
            await stack.Control.RevokeAsync(account.Customer, instant: true, cancellationToken);
            var result = await load;
            return (result.Answers, arrived, await merchant.StateAsync(account.Id, cancellationToken));
        }
        finally
        {
            foreach (var fault in faults) await stack.Control.RemoveFaultAsync(fault, CancellationToken.None);
        }
    }

    /// <summary>Operations that have reached USPS since <paramref name="before"/>, counted by their first call.</summary>
    private static async Task<long> WaitForArrivalsAsync(BenchStack stack, IReadOnlyList<string> firstCalls, long before, int requests, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + ArrivalTimeout;
        while (true)
        {
            var arrived = CallsTo(await stack.Control.CountersAsync("usps", cancellationToken), firstCalls) - before;
            if (arrived >= requests || DateTime.UtcNow > deadline) return arrived;
            await Task.Delay(50, cancellationToken);
        }
    }

    /// <summary>Counter keys are "METHOD /route-template"; each path is a prefix of the route.</summary>
    private static long CallsTo(CarrierCounters counters, IReadOnlyList<string> paths) =>
        counters.Calls.Where(c => paths.Any(path => c.Key.Contains(" " + path + "/", StringComparison.Ordinal))).Sum(c => c.Value);
}
