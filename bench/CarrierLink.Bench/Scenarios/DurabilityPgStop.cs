using System.Diagnostics;
using CarrierLink.Bench.Clients;
using CarrierLink.Bench.Figures;
using CarrierLink.Bench.Stack;
using Npgsql;

namespace CarrierLink.Bench.Scenarios;

/// <summary>
/// Issue 8, durability: PostgreSQL stops for 10 s while a USPS refresh is in flight. Per run: a fresh
/// account whose access token USPS has expired; a rate request, which has to refresh; the token endpoint
/// answers 3 s late (a latency fault with after=true: USPS rotates at once, then its answer is held),
/// and PostgreSQL is stopped as soon as the sandbox has counted the rotation, so the new tokens reach
/// the node while the database is down. 10 s later PostgreSQL starts again. Then the proof that the
/// rotated refresh token was stored (not just kept in memory): USPS expires the access token once more
/// and a second rate request must refresh with the stored refresh token. Goal: connected after every run.
/// </summary>
public sealed class DurabilityPgStop : IScenario
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(10);
    private const int HeldAnswerMs = 3000;

    public string Name => "durability-pg-stop";

    public string Description => "10 PostgreSQL stops of 10 s during an in-flight USPS refresh: accounts still connected (goal 10 of 10)";

    private sealed record RunFigures(string InFlightAnswer, string OutageAnswer, double StoredAfterStartSeconds, string StateAfterOutage, string VerifyAnswer, string StateAfterVerify,
        string? ReasonCode, long Grants, long Refused);

    public async Task RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var runs = context.Runs(10);
        var spec = new StackSpec(StoreKind.Postgres, context.Options.Nodes ?? 1);
        await using var stack = await context.StartStackAsync(spec, cancellationToken);
        using var merchant = await ScenarioContext.NewMerchantAsync(stack, cancellationToken);
        var postgres = stack.Postgres!;
        context.Say($"  {runs} runs: token endpoint answers {HeldAnswerMs} ms after rotating; PostgreSQL stopped (pg_ctl -m fast) once USPS rotated, started {Outage.TotalSeconds:0} s later");

        var figures = new List<RunFigures>();
        await context.RepeatAsync(runs, async run =>
        {
            var account = await UspsAccounts.ConnectWarmAsync(stack, merchant, cancellationToken);
            var startVersion = await CredentialVersionAsync(postgres, account.Id, cancellationToken) ?? -1;
            await stack.Control.ExpireTokensAsync(account.Customer, cancellationToken);
            var before = await stack.Control.CountersAsync("usps", cancellationToken);
            var fault = await stack.Control.AddFaultAsync(new FaultSpec("usps", "POST /oauth2/v3/token", DelayMs: HeldAnswerMs, After: true), cancellationToken);

            var inFlight = LoadGenerator.RunAsync(merchant.Apis, 1, 1, _ => ShippingRequests.Rates(account.Id), cancellationToken);
            var rotated = await WaitForAsync(async () => (await stack.Control.CountersAsync("usps", cancellationToken)).Refreshes > before.Refreshes,
                TimeSpan.FromSeconds(30), cancellationToken);
            if (!rotated) throw new InvalidOperationException("The refresh never reached USPS.");
            var stopped = Stopwatch.StartNew();
            await postgres.StopServerAsync(cancellationToken);
            var stopTook = stopped.Elapsed;
            // A request that arrives while the database is down (issue 8: 503 with Retry-After, not 500).
            var duringOutage = LoadGenerator.RunAsync(merchant.Apis, 1, 1, _ => ShippingRequests.Rates(account.Id), cancellationToken);
            await Task.Delay(Outage - stopTook > TimeSpan.Zero ? Outage - stopTook : TimeSpan.Zero, cancellationToken);
            await postgres.StartServerAsync(cancellationToken);
            var started = Stopwatch.StartNew();
            await stack.Control.RemoveFaultAsync(fault, cancellationToken);

            var stored = await WaitForAsync(async () => await CredentialVersionAsync(postgres, account.Id, cancellationToken) > startVersion,
                TimeSpan.FromSeconds(60), cancellationToken);
            var storedAfter = stored ? started.Elapsed.TotalSeconds : double.NaN;
            var answer = (await inFlight).Answers.ToString();
            var outageAnswer = (await duringOutage).Answers.ToString();
            var stateAfterOutage = (await StateWhenReadableAsync(merchant, account.Id, cancellationToken)).State;

            // The proof: the next refresh uses what is in the database.
            await stack.Control.ExpireTokensAsync(account.Customer, cancellationToken);
            var verify = await LoadGenerator.RunAsync(merchant.Apis, 1, 1, _ => ShippingRequests.Rates(account.Id), cancellationToken);
            var (state, reason) = await StateWhenReadableAsync(merchant, account.Id, cancellationToken);
            var after = await stack.Control.CountersAsync("usps", cancellationToken);
            var result = new RunFigures(answer, outageAnswer, storedAfter, stateAfterOutage, verify.Answers.ToString(), state, reason,
                after.Refreshes - before.Refreshes, after.RefreshRejected - before.RefreshRejected);
            figures.Add(result);
            context.Say($"  run {run,2}: in-flight request answered {result.InFlightAnswer} · a request sent during the outage {result.OutageAnswer} · rotated tokens stored "
                + (stored ? $"{storedAfter:0.0} s after PostgreSQL started" : "NOT within 60 s")
                + $" · then {result.StateAfterOutage} · verify (expired again, refresh from the stored token): {result.VerifyAnswer} · ended {state}{(reason is null ? "" : $" ({reason})")}"
                + $" · refresh grants {result.Grants} (refused {result.Refused}) · stop took {Stats.Seconds(stopTook)}");
        });

        context.Say($"  summary ({figures.Count} runs, {spec.Describe()}):");
        context.Say($"    accounts connected afterwards (after the verifying refresh): {figures.Count(f => f.StateAfterVerify == "connected")} of {figures.Count} (goal {figures.Count} of {figures.Count})");
        context.Say($"    rotated tokens stored once PostgreSQL was back:               {figures.Count(f => !double.IsNaN(f.StoredAfterStartSeconds))} of {figures.Count}"
            + (figures.Any(f => !double.IsNaN(f.StoredAfterStartSeconds)) ? $" (median {Stats.Format(Math.Round(Median(figures.Select(f => f.StoredAfterStartSeconds).Where(s => !double.IsNaN(s))), 1))} s after start)" : ""));
        context.Say($"    refresh grants per run (1 in flight + 1 verifying):           {string.Join(' ', figures.Select(f => f.Grants))}; refused: {figures.Sum(f => f.Refused)}");
        context.Say($"    the in-flight requests answered:                              {string.Join("; ", figures.GroupBy(f => f.InFlightAnswer).Select(g => $"{g.Key} ×{g.Count()}"))}");
        context.Say($"    requests sent while PostgreSQL was down answered:             {string.Join("; ", figures.GroupBy(f => f.OutageAnswer).Select(g => $"{g.Key} ×{g.Count()}"))} (issue 8: 503 with Retry-After)");
    }

    /// <summary>The account's state, asked again for up to 30 s while the node's first database calls after an outage fail.</summary>
    public static async Task<(string State, string? ReasonCode)> StateWhenReadableAsync(Merchant merchant, Guid accountId, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await merchant.StateAndReasonAsync(accountId, cancellationToken);
            }
            catch (HttpRequestException) when (clock.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(500, cancellationToken);
            }
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>The account's credential version, read on a connection of its own (the server may have just restarted); null when unreachable.</summary>
    public static async Task<long?> CredentialVersionAsync(PostgresCluster postgres, Guid accountId, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(postgres.HarnessConnectionString + ";Pooling=false;Timeout=5");
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT version FROM carrier_credentials WHERE account_id = @id", connection);
            command.Parameters.AddWithValue("id", accountId);
            return await command.ExecuteScalarAsync(cancellationToken) is long version ? version : null;
        }
        catch (NpgsqlException)
        {
            return null;
        }
    }

    public static async Task<bool> WaitForAsync(Func<Task<bool>> condition, TimeSpan limit, CancellationToken cancellationToken, int pollMs = 50)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            if (await condition()) return true;
            await Task.Delay(pollMs, cancellationToken);
        }
        return await condition();
    }
}
