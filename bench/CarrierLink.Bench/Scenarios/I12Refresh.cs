using System.Diagnostics;
using CarrierLink.Bench.Clients;
using CarrierLink.Bench.Stack;

namespace CarrierLink.Bench.Scenarios;

/// <summary>The refresh path's figures: CarrierLink's health engine draining N due renewals, and the hop's floor under wrk.</summary>
public sealed record I12RefreshFigures(
    int Accounts, long Renewed, double Seconds, bool Drained, double PerSecond, double Best5s, IReadOnlyDictionary<string, double> CpuMsPerRenewal, I12Run Hop);

/// <summary>
/// The health engine's refresh path against the stand-in's token endpoint (delay 0), as p3-refresh-rate measures it
/// against the sandbox: every clone's access token marked expired and the account due now (refresh_ahead), then
/// renewals stored per second until all N are stored (polled every 500 ms), with the best 5-second window and the CPU
/// time each process used per renewal. The node runs Health:CarrierConcurrency=64 and CarrierCallsPerSecond=5000
/// (the defaults are 16 and 200), so the engine's carrier budget is not what is measured. Then the hop's floor:
/// POST /refresh/{n} over rows 1..N under wrk, 64 connections.
/// </summary>
public static class I12Refresh
{
    private static readonly TimeSpan DrainLimit = TimeSpan.FromMinutes(5);
    private static readonly I12Load Load = new(0, 64);

    public static async Task<I12RefreshFigures> MeasureAsync(ScenarioContext context, BenchStack stack, I12Runs runs, int accounts, CancellationToken cancellationToken)
    {
        await using var db = await I12Clones.OpenAsync(stack.Database, cancellationToken);
        var cpuBefore = runs.CpuNow();
        await I12Clones.MakeDueAsync(db, cancellationToken);
        var clock = Stopwatch.StartNew();
        var samples = new List<(double Seconds, long Renewed)>();
        long renewed = 0, lastProgress = 0;
        var lastProgressAt = TimeSpan.Zero;
        while (renewed < accounts && clock.Elapsed < DrainLimit && clock.Elapsed - lastProgressAt < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(500, cancellationToken);
            renewed = await I12Clones.RenewedAsync(db, cancellationToken);
            samples.Add((clock.Elapsed.TotalSeconds, renewed));
            if (renewed > lastProgress) (lastProgress, lastProgressAt) = (renewed, clock.Elapsed);
        }
        var cpuAfter = runs.CpuNow();
        var drained = renewed >= accounts;
        var seconds = drained ? samples.First(s => s.Renewed >= accounts).Seconds : clock.Elapsed.TotalSeconds;
        // The engine's idle workers look for due accounts once a second (Health:PollMilliseconds): the first renewal comes that late at most.
        var first = samples.FirstOrDefault(s => s.Renewed > 0).Seconds;
        var best = 0.0;
        foreach (var (at, count) in samples)
        {
            var earlier = samples.LastOrDefault(s => s.Seconds <= at - 5);
            if (earlier.Seconds > 0 || at >= 5) best = Math.Max(best, (count - earlier.Renewed) / (at - earlier.Seconds));
        }
        var cpu = runs.Serving(I12Target.CarrierLink).ToDictionary(p => p, p => (cpuAfter[p] - cpuBefore[p]) * 1000 / Math.Max(1, renewed), StringComparer.Ordinal);
        context.Say($"    refresh 0 ms      CarrierLink {renewed / seconds,9:N1} renewals/s: {renewed:N0} of {accounts:N0} stored in {seconds:0.0} s{(drained ? "" : " (NOT drained)")}, "
            + $"first stored after {first:0.0} s, best 5 s window {best:N1}/s   CPU ms/renewal: {string.Join(", ", cpu.Select(c => $"{c.Key} {c.Value:0.000}"))}");

        var hop = await runs.RunAsync("refresh", Load, I12Target.Hop, I12Requests.HopRefresh(accounts), cancellationToken);
        return new I12RefreshFigures(accounts, renewed, seconds, drained, renewed / seconds, best, cpu, hop);
    }
}
