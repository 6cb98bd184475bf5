using System.Globalization;
using System.Text.Json;

namespace CarrierLink.Bench.Stack;

/// <summary>
/// The GC heap of a .NET process the harness started, after a full collection: dotnet-trace enables the runtime's
/// GCHeapCollect keyword for a second, which makes the target run a blocking gen2 GC (as dotnet-gcdump does), then
/// dotnet-counters reads System.Runtime's dotnet.gc.last_collection.heap.size, summed over the generations. Unlike RSS
/// it does not count heap the GC keeps but does not use, so a few MB held by a cache show. The induced GC does not
/// always happen (seen once in a run: a "before" 4 MB above the usual, from a gen1 GC that left gen2's garbage), and a
/// heap measured after a lesser GC only ever reads high, so the figure is the smallest of a few samples. Both tools are
/// optional (`dotnet tool install -g dotnet-trace dotnet-counters`); without them <see cref="MeasureMbAsync"/> reads nothing.
/// </summary>
public static class ManagedHeap
{
    private const string GcHeapCollectKeyword = "0x800000";

    public static bool Available => Tool("dotnet-trace") is not null && Tool("dotnet-counters") is not null;

    /// <returns>MB of managed heap live after a full GC, one per sample that could be read (none when the tools are missing); the smallest is the figure.</returns>
    public static async Task<IReadOnlyList<double>> MeasureMbAsync(int? pid, WorkFolder work, CancellationToken cancellationToken, int samples = 3)
    {
        var readings = new List<double>();
        for (var i = 0; i < samples; i++)
        {
            if (await SampleMbAsync(pid, work, cancellationToken) is { } mb) readings.Add(mb);
        }
        return readings;
    }

    private static async Task<double?> SampleMbAsync(int? pid, WorkFolder work, CancellationToken cancellationToken)
    {
        if (pid is null || Tool("dotnet-trace") is not { } trace || Tool("dotnet-counters") is not { } counters) return null;
        var log = work.LogFile("managed-heap");
        var traceFile = Path.Combine(work.Path, $"gc-{pid}.nettrace");
        await ChildProcess.RunAsync(trace, ["collect", "-p", pid.Value.ToString(CultureInfo.InvariantCulture),
            "--providers", $"Microsoft-Windows-DotNETRuntime:{GcHeapCollectKeyword}:4", "--duration", "00:00:00:01", "-o", traceFile],
            work.Path, log, null, TimeSpan.FromSeconds(60), cancellationToken);
        File.Delete(traceFile);

        var countersFile = Path.Combine(work.Path, $"heap-{pid}.json");
        await ChildProcess.RunAsync(counters, ["collect", "-p", pid.Value.ToString(CultureInfo.InvariantCulture),
            "--counters", "System.Runtime[dotnet.gc.last_collection.heap.size]", "--format", "json", "-o", countersFile, "--duration", "00:00:00:02"],
            work.Path, log, null, TimeSpan.FromSeconds(60), cancellationToken);
        if (!File.Exists(countersFile)) return null;
        try
        {
            using var document = JsonDocument.Parse(await File.ReadAllTextAsync(countersFile, cancellationToken));
            // The last value reported for each generation (gen0, gen1, gen2, loh, poh), summed.
            var last = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var e in document.RootElement.GetProperty("Events").EnumerateArray())
            {
                if (e.GetProperty("name").GetString()?.StartsWith("dotnet.gc.last_collection.heap.size", StringComparison.Ordinal) == true)
                    last[e.GetProperty("tags").GetString() ?? ""] = e.GetProperty("value").GetDouble();
            }
            return last.Count == 0 || last.Values.Sum() == 0 ? null : last.Values.Sum() / (1024.0 * 1024.0);
        }
        catch (JsonException)
        {
            return null;
        }
        finally
        {
            File.Delete(countersFile);
        }
    }

    /// <summary>A global .NET tool on PATH or in ~/.dotnet/tools (where `dotnet tool install -g` puts it, often not on PATH).</summary>
    private static string? Tool(string name)
    {
        var folders = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools"));
        return folders.Select(f => Path.Combine(f, name)).FirstOrDefault(File.Exists);
    }
}
