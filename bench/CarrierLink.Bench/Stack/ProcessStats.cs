using System.Globalization;

namespace CarrierLink.Bench.Stack;

/// <summary>
/// What Linux says about a process the harness started (/proc): its resident memory and the CPU
/// time it used, so a scenario can say which process a sweep's time went to. 0 where /proc has nothing.
/// </summary>
public static class ProcessStats
{
    // USER_HZ: 100 on every Linux the harness runs on (sysconf(_SC_CLK_TCK)).
    private const double TicksPerSecond = 100;

    /// <summary>Resident set size in MB (VmRSS).</summary>
    public static double RssMb(int? pid)
    {
        if (pid is null) return 0;
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            var kb = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
            return kb is null ? 0 : long.Parse(kb, CultureInfo.InvariantCulture) / 1024.0;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>CPU seconds (user + system) the process used so far; with <paramref name="withChildren"/>, plus its children's (living and reaped).</summary>
    public static double CpuSeconds(int? pid, bool withChildren = false)
    {
        if (pid is null || Stat(pid.Value) is not { } stat) return 0;
        var seconds = (stat.UTime + stat.STime) / TicksPerSecond;
        if (!withChildren) return seconds;
        seconds += (stat.CUTime + stat.CSTime) / TicksPerSecond;
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out var child) || Stat(child) is not { } childStat || childStat.ParentPid != pid) continue;
            seconds += (childStat.UTime + childStat.STime) / TicksPerSecond;
        }
        return seconds;
    }

    private sealed record StatLine(int ParentPid, long UTime, long STime, long CUTime, long CSTime);

    private static StatLine? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) is in parentheses and may hold spaces: fields count from after its ')'.
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            long Field(int number) => long.Parse(fields[number - 3], CultureInfo.InvariantCulture);
            return new StatLine((int)Field(4), Field(14), Field(15), Field(16), Field(17));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
