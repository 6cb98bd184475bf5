using CarrierLink.Bench.Clients;
using CarrierLink.Bench.Stack;

namespace CarrierLink.Bench.Scenarios;

/// <summary>What the node holds per connected account it has served once: GC heap after a full GC (when the tools are there) and RSS.</summary>
public sealed record I12MemoryFigures(int Accounts, string Answers, IReadOnlyList<double> HeapBefore, IReadOnlyList<double> HeapAfter, double RssBeforeMb, double RssAfterMb)
{
    public double? HeapBeforeMb => HeapBefore.Count > 0 ? HeapBefore.Min() : null;

    public double? HeapAfterMb => HeapAfter.Count > 0 ? HeapAfter.Min() : null;

    public double? HeapKbPerAccount => HeapBeforeMb is { } before && HeapAfterMb is { } after ? (after - before) * 1024 / Accounts : null;

    public double RssKbPerAccount => (RssAfterMb - RssBeforeMb) * 1024 / Accounts;
}

/// <summary>
/// Memory per connected account held in CarrierLink's caches: the node's access-token cache (Tokens/TokenCache, a
/// MemoryCache of the decrypted token per account), the success-coalescing map (Shipping/AccountHealth, an entry per
/// account written recently) and anything else a request leaves behind per account. Measured as the node's GC heap
/// after a full GC (ManagedHeap) before and after one rate request on each of N accounts it has not served yet
/// (the clones), divided by N; RSS beside it. The API key cache holds one entry for the merchant's key, whatever N.
/// </summary>
public static class I12Memory
{
    private const int Concurrency = 16;

    public static async Task<I12MemoryFigures> MeasureAsync(ScenarioContext context, BenchStack stack, Merchant merchant, IReadOnlyList<Guid> accounts,
        CancellationToken cancellationToken)
    {
        var pid = stack.Nodes[0].ProcessId;
        var heapBefore = await ManagedHeap.MeasureMbAsync(pid, context.Work, cancellationToken);
        var rssBefore = ProcessStats.RssMb(pid);
        var touch = await LoadGenerator.RunAsync(merchant.Apis, accounts.Count, Concurrency, i => ShippingRequests.Rates(accounts[i]), cancellationToken);
        var heapAfter = await ManagedHeap.MeasureMbAsync(pid, context.Work, cancellationToken);
        var rssAfter = ProcessStats.RssMb(pid);
        var figures = new I12MemoryFigures(accounts.Count, touch.Answers.ToString(), heapBefore, heapAfter, rssBefore, rssAfter);
        var heap = figures.HeapKbPerAccount is { } kb
            ? $"GC heap after a full GC {figures.HeapBeforeMb:0.0} → {figures.HeapAfterMb:0.0} MB (smallest of {Samples(heapBefore)} → {Samples(heapAfter)}): {kb:0.00} KB per account"
            : "GC heap not measured (dotnet-trace and dotnet-counters not found: dotnet tool install -g dotnet-trace dotnet-counters)";
        context.Say($"  memory: one rate request on each of {accounts.Count:N0} accounts the node had not served ({Concurrency} at a time, {Stats(touch)}; answers {figures.Answers}): "
            + $"{heap}; RSS {rssBefore:0} → {rssAfter:0} MB: {figures.RssKbPerAccount:0.00} KB per account");
        return figures;
    }

    private static string Samples(IReadOnlyList<double> mb) => string.Join(", ", mb.Select(m => m.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)));

    private static string Stats(LoadResult touch) => $"{touch.Answers.Total / touch.Elapsed.TotalSeconds:N0}/s";
}
