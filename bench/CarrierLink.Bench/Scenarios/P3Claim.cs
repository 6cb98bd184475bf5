using System.Diagnostics;
using CarrierLink.Bench.Figures;
using CarrierLink.Bench.Stack;

namespace CarrierLink.Bench.Scenarios;

/// <summary>What P3 needs from the health engine: how to make 1% of the seeded accounts due, and its claim.</summary>
/// <param name="DueOverrides">carrier_accounts columns set per clone (SQL over clone.n), e.g. next_due_at due for every 100th.</param>
/// <param name="Explain">The plan of one claim (EXPLAIN ANALYZE), printed once per size.</param>
public sealed record ClaimUnderTest(IReadOnlyDictionary<string, string> DueOverrides, ClaimQuery Claim,
    Func<Npgsql.NpgsqlConnection, int, CancellationToken, Task<string>>? Explain = null);

/// <summary>
/// Issue 8, P3: with 100,000 and then 1,000,000 accounts in PostgreSQL (1% due), how long does the
/// engine's claim of a batch of 500 take? Goal: at most 50 ms, and no slower at a million (the
/// cost must follow the due accounts, not the total). Each claim runs in a transaction that is
/// rolled back, so every timing sees the same due set.
/// </summary>
public sealed class P3Claim(ClaimUnderTest? engine) : IScenario
{
    private const int BatchSize = 500;
    private const int Timings = 100;
    private static readonly int[] Sizes = [100_000, 1_000_000];

    public string Name => "p3-claim";

    public string Description => "1,000,000 accounts (1% due) in PostgreSQL: time of a claim of 500 (goal <= 50 ms, same at 100,000)";

    public bool Ready => engine is not null;

    public async Task RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        if (engine is null)
        {
            context.Say("  not yet: needs the engine's next_due_at and claim SQL, given to P3Claim in ScenarioRegistry as a ClaimUnderTest.");
            return;
        }
        // One node is enough: it only connects the account every seeded one is copied from. Its health
        // worker is off: the clones share one refresh token, and only the harness may claim here.
        await using var stack = await context.StartStackAsync(
            new StackSpec(StoreKind.Postgres, 1, new Dictionary<string, string> { ["Health:WorkersEnabled"] = "false" }), cancellationToken);
        using var merchant = await ScenarioContext.NewMerchantAsync(stack, cancellationToken);
        var template = await UspsAccounts.ConnectWarmAsync(stack, merchant, cancellationToken);
        await using var connection = await stack.Postgres!.OpenAsync(cancellationToken);

        var seeded = 1;
        foreach (var size in Sizes)
        {
            var seeding = Stopwatch.StartNew();
            seeded += await AccountCloner.CloneAsync(connection, template.Id, size - seeded, engine.DueOverrides, cancellationToken);
            context.Say($"  {seeded:N0} accounts (seeded in {Stats.Seconds(seeding.Elapsed)})");

            var due = await ScalarAsync(connection, "SELECT count(*) FROM carrier_accounts WHERE next_due_at <= now()", cancellationToken);
            context.Say($"    due now: {due:N0}");
            var times = new List<double>();
            var claimed = 0;
            for (var i = 0; i < Timings; i++)
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                var clock = Stopwatch.StartNew();
                claimed = await engine.Claim(connection, BatchSize, cancellationToken);
                times.Add(clock.Elapsed.TotalMilliseconds);
                await transaction.RollbackAsync(cancellationToken);
            }
            var first = times[0];
            times.Sort();
            context.Say($"    claim of {BatchSize} ({claimed} claimed), {Timings} timings: median {times[Timings / 2]:0.0} ms, "
                + $"p95 {times[(int)(Timings * 0.95) - 1]:0.0} ms, max {times[^1]:0.0} ms, first {first:0.0} ms (goal <= 50 ms)");
            if (engine.Explain is not null)
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                var plan = await engine.Explain(connection, BatchSize, cancellationToken);
                await transaction.RollbackAsync(cancellationToken);
                context.Say($"    EXPLAIN (ANALYZE, BUFFERS) of one claim at {seeded:N0} accounts:");
                foreach (var line in plan.TrimEnd().Split('\n')) context.Say("      " + line.TrimEnd());
            }
        }
    }

    private static async Task<long> ScalarAsync(Npgsql.NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }
}
