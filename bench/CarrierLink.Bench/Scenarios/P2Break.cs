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
    // Long enough that all 16 reach the carrier before the revoke, short enough to keep a run quick.
    private const int HeldMilliseconds = 2000;
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
            await using var stack = await context.StartStackAsync(spec, cancellationToken);
            using var merchant = await ScenarioContext.NewMerchantAsync(stack, cancellationToken);
            var all = new AnswerTally();
            for (var run = 1; run <= runs; run++)
            {
                var (answers, arrived, state) = await RunOnceAsync(stack, merchant, requests, cancellationToken);
                foreach (var answer in answers.Entries()) all.Add(answer.Key, answer.Value);
                context.Say($"  run {run,2}: {arrived} of {requests} in flight at USPS when the grant broke -> {answers} · not 424: {requests - answers.WithStatus(424)} · ended {state}");
            }
            context.Say($"  summary ({runs} run{(runs == 1 ? "" : "s")}, {spec.Describe()}): {all} (goal: all {runs * requests} × 424)");
        }
    }

    private static async Task<(AnswerTally Answers, long Arrived, string State)> RunOnceAsync(BenchStack stack, Merchant merchant, int requests,
        CancellationToken cancellationToken)
    {
        var account = await UspsAccounts.ConnectWarmAsync(stack, merchant, cancellationToken);
        var before = PriceCalls(await stack.Control.CountersAsync("usps", cancellationToken));
        var slow = await stack.Control.AddFaultAsync(new FaultSpec("usps", Endpoint: "/prices", DelayMs: HeldMilliseconds, Rate: 1), cancellationToken);
        try
        {
            var load = LoadGenerator.RunAsync(merchant.Apis, requests, requests, _ => LoadGenerator.Rates(account.Id), cancellationToken);
            // The sandbox counts a call before the latency holds it, so the counter tells when all are in flight.
            var arrived = await WaitForArrivalsAsync(stack, before, requests, cancellationToken);
            await stack.Control.RevokeAsync(account.Customer, instant: true, cancellationToken);
            var result = await load;
            return (result.Answers, arrived, await merchant.StateAsync(account.Id, cancellationToken));
        }
        finally
        {
            await stack.Control.RemoveFaultAsync(slow, CancellationToken.None);
        }
    }

    private static async Task<long> WaitForArrivalsAsync(BenchStack stack, long before, int requests, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + ArrivalTimeout;
        while (true)
        {
            var arrived = PriceCalls(await stack.Control.CountersAsync("usps", cancellationToken)) - before;
            if (arrived >= requests || DateTime.UtcNow > deadline) return arrived;
            await Task.Delay(50, cancellationToken);
        }
    }

    private static long PriceCalls(CarrierCounters counters) =>
        counters.Calls.Where(c => c.Key.Contains(" /prices/", StringComparison.Ordinal)).Sum(c => c.Value);
}
