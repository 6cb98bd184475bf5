using System.Globalization;
using System.Text.RegularExpressions;
using CarrierLink.Bench.Stack;

namespace CarrierLink.Bench.Clients;

/// <summary>
/// One wrk run as the figures need it: requests per second, the p50 and p99 of the latency distribution, the answers
/// that were not 2xx or 3xx (wrk's "Non-2xx or 3xx responses", 0 when it prints none) and the socket errors
/// (connect, read, write, timeout: requests with no answer, which wrk leaves out of the latency figures).
/// </summary>
public sealed record WrkResult(long Requests, double Seconds, double RequestsPerSecond, double P50Ms, double P99Ms, long Non2xx, long SocketErrors, string Output)
{
    /// <summary>What went wrong, if anything: "" when every request had a 2xx or 3xx answer.</summary>
    public string Trouble => (Non2xx, SocketErrors) switch
    {
        (0, 0) => "",
        _ => $"{Non2xx:N0} non-2xx, {SocketErrors:N0} socket errors",
    };
}

/// <summary>Runs wrk (-t2 --latency, a Lua script for the POST bodies and headers) against one URL and reads its output.</summary>
public static partial class Wrk
{
    public const string Binary = "/usr/bin/wrk";

    // Requests still unanswered after this are socket timeouts in wrk's output (its default, 2 s, would hide CarrierLink's slow answers).
    private const string Timeout = "30s";

    public static void EnsureInstalled()
    {
        if (!File.Exists(Binary)) throw new InvalidOperationException($"{Binary} is missing: apt-get install -y wrk.");
    }

    public static async Task<WrkResult> RunAsync(Uri baseUrl, WrkScript script, int connections, TimeSpan duration, WorkFolder work, string name,
        CancellationToken cancellationToken)
    {
        var scriptPath = Path.Combine(work.Path, name + ".lua");
        await File.WriteAllTextAsync(scriptPath, script.ToLua(), cancellationToken);
        var seconds = Math.Max(1, (int)Math.Round(duration.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        var (exitCode, output) = await ChildProcess.RunAsync(Binary,
            ["-t2", $"-c{connections}", $"-d{seconds}s", "--latency", "--timeout", Timeout, "-s", scriptPath, baseUrl.ToString().TrimEnd('/')],
            work.Path, work.LogFile("wrk"), null, duration + TimeSpan.FromSeconds(60), cancellationToken);
        if (exitCode != 0) throw new InvalidOperationException($"wrk exited with {exitCode} for {name}; see {work.LogFile("wrk")}:\n{output}");
        if (!output.Contains(WrkScript.DoneMarker, StringComparison.Ordinal))
            throw new InvalidOperationException($"wrk did not run the script {scriptPath} for {name} (its error is in {work.LogFile("wrk")}):\n{output}");
        return Parse(output);
    }

    public static WrkResult Parse(string output)
    {
        var summary = SummaryLine().Match(output);
        if (!summary.Success) throw new InvalidOperationException($"wrk printed no summary:\n{output}");
        var requests = long.Parse(summary.Groups[1].Value, CultureInfo.InvariantCulture);
        var seconds = Duration(summary.Groups[2].Value, summary.Groups[3].Value);
        var rps = RateLine().Match(output) is { Success: true } rate ? double.Parse(rate.Groups[1].Value, CultureInfo.InvariantCulture) : requests / seconds;
        var non2xx = Non2xxLine().Match(output) is { Success: true } bad ? long.Parse(bad.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var socket = SocketLine().Match(output) is { Success: true } errors
            ? Enumerable.Range(1, 4).Sum(i => long.Parse(errors.Groups[i].Value, CultureInfo.InvariantCulture))
            : 0;
        return new WrkResult(requests, seconds, rps, Percentile(output, "50"), Percentile(output, "99"), non2xx, socket, output);
    }

    private static double Percentile(string output, string percent)
    {
        var match = Regex.Match(output, @"^\s+" + percent + @"%\s+([\d.]+)(us|ms|s|m|h)\s*$", RegexOptions.Multiline);
        return match.Success ? Duration(match.Groups[1].Value, match.Groups[2].Value) * 1000 : double.NaN;
    }

    /// <returns>Seconds.</returns>
    private static double Duration(string number, string unit) => double.Parse(number, CultureInfo.InvariantCulture) * unit switch
    {
        "us" => 1e-6,
        "ms" => 1e-3,
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        _ => throw new FormatException($"wrk time unit '{unit}'"),
    };

    [GeneratedRegex(@"(\d+) requests in ([\d.]+)(us|ms|s|m|h),")]
    private static partial Regex SummaryLine();

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RateLine();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex Non2xxLine();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketLine();
}
