using System.Globalization;

namespace CarrierLink.Bench.Scenarios;

/// <summary>
/// The table of one store: each operation and load with the three targets' throughput and latency, CarrierLink ÷ hop,
/// CarrierLink ÷ direct, CarrierLink's p50 minus the hop's, and issue 12's goal beside them. The issue states its goals
/// for rates; "the same for a label purchase ... and for the health engine's refresh path" is read here as: against the
/// hop, whose label floor makes the purchase's two carrier calls and two writes (direct is one call, the label alone,
/// so ÷ direct cannot reach 0.95 at 50 ms), and whose refresh floor is one read, one token call, one write.
/// A goal is met only when CarrierLink answered every request 2xx.
/// </summary>
public static class I12Report
{
    public static void Print(ScenarioContext context, string stackName, IReadOnlyList<I12Run> runs, I12RefreshFigures refresh, I12MemoryFigures memory, TimeSpan duration)
    {
        context.Say("");
        context.Say($"  i12-hot-path on {stackName} (wrk -t2, {duration.TotalSeconds:0} s per run after a 2 s warm-up; requests/s, p50 / p99):");
        context.Say("  | operation, carrier latency/connections | direct | bare hop | CarrierLink | CL ÷ hop | CL ÷ direct | CL p50 − hop p50 | goal (issue 12) | met |");
        context.Say("  |---|---|---|---|---|---|---|---|---|");
        foreach (var group in runs.GroupBy(r => (r.Operation, r.Load)))
        {
            var direct = group.FirstOrDefault(r => r.Target == I12Target.Direct);
            var hop = group.First(r => r.Target == I12Target.Hop);
            var carrierLink = group.First(r => r.Target == I12Target.CarrierLink);
            var (goal, met) = Goal(group.Key.Operation, group.Key.Load, direct, hop, carrierLink);
            context.Say($"  | {group.Key.Operation}, {group.Key.Load} | {Cell(direct)} | {Cell(hop)} | {Cell(carrierLink)} | {Ratio(carrierLink, hop)} | {Ratio(carrierLink, direct)} "
                + $"| {Difference(carrierLink.Result.P50Ms - hop.Result.P50Ms)} | {goal} | {met} |");
        }
        var refreshMet = refresh.Drained && refresh.PerSecond >= 0.70 * refresh.Hop.Result.RequestsPerSecond ? "yes" : "no";
        context.Say($"  | refresh, 0 ms/64 (CL: the health engine, {refresh.Accounts:N0} due) | - | {Cell(refresh.Hop)} | {refresh.PerSecond:N1} renewals/s{(refresh.Drained ? "" : " (not drained)")} "
            + $"| {refresh.PerSecond / refresh.Hop.Result.RequestsPerSecond:0.000} | - | - | CL ≥ 0.70 × hop | {refreshMet} |");

        context.Say("  answers other than 2xx (non-2xx / socket errors), every run:");
        foreach (var group in runs.Append(refresh.Hop).GroupBy(r => (r.Operation, r.Load)))
            context.Say($"    {group.Key.Operation}, {group.Key.Load}: " + string.Join(", ", group.Select(r => $"{I12Runs.Name(r.Target)} {r.Result.Non2xx:N0} / {r.Result.SocketErrors:N0}")));
        context.Say("  CPU ms per request (per renewal for CarrierLink's refresh), of the processes that served it:");
        foreach (var run in runs.Where(r => r.Target != I12Target.Direct).Append(refresh.Hop))
            context.Say($"    {run.Operation}, {run.Load}, {I12Runs.Name(run.Target)}: {Cpu(run.CpuMsPerRequest)}");
        context.Say($"    refresh, 0 ms/64, CarrierLink: {Cpu(refresh.CpuMsPerRenewal)}");
        context.Say($"  memory per connected account held in caches ({memory.Accounts:N0} accounts served once): "
            + (memory.HeapKbPerAccount is { } heap ? $"{heap:0.00} KB of GC heap" : "GC heap not measured") + $", {memory.RssKbPerAccount:0.00} KB of RSS");
    }

    private static (string Goal, string Met) Goal(string operation, I12Load load, I12Run? direct, I12Run hop, I12Run carrierLink)
    {
        var cl = carrierLink.Result;
        string Verdict(bool ok) => cl.Trouble.Length > 0 ? $"no ({cl.Trouble})" : ok ? "yes" : "no";
        var p50Within = cl.P50Ms <= hop.Result.P50Ms + 3;
        return (operation, load.DelayMs) switch
        {
            ("rates", 0) => ("CL ≥ 0.70 × hop", Verdict(cl.RequestsPerSecond >= 0.70 * hop.Result.RequestsPerSecond)),
            ("rates", _) => ("CL ≥ 0.95 × direct, p50 ≤ hop + 3 ms",
                Verdict(direct is not null && cl.RequestsPerSecond >= 0.95 * direct.Result.RequestsPerSecond && p50Within)),
            (_, 0) => ("CL ≥ 0.70 × hop (the floor)", Verdict(cl.RequestsPerSecond >= 0.70 * hop.Result.RequestsPerSecond)),
            _ => ("CL ≥ 0.95 × hop (the floor), p50 ≤ hop + 3 ms", Verdict(cl.RequestsPerSecond >= 0.95 * hop.Result.RequestsPerSecond && p50Within)),
        };
    }

    private static string Cell(I12Run? run) => run is null
        ? "-"
        : $"{run.Result.RequestsPerSecond:N0} rps, {I12Runs.Ms(run.Result.P50Ms)} / {I12Runs.Ms(run.Result.P99Ms)}";

    private static string Ratio(I12Run run, I12Run? against) =>
        against is null ? "-" : (run.Result.RequestsPerSecond / against.Result.RequestsPerSecond).ToString("0.000", CultureInfo.InvariantCulture);

    private static string Difference(double ms) => (ms >= 0 ? "+" : "−") + I12Runs.Ms(Math.Abs(ms));

    private static string Cpu(IReadOnlyDictionary<string, double> cpu) => string.Join(", ", cpu.Select(c => $"{c.Key} {c.Value:0.000}"));
}
