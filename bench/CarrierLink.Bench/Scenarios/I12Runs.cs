using System.Globalization;
using System.Text;
using CarrierLink.Bench.Clients;
using CarrierLink.Bench.Stack;

namespace CarrierLink.Bench.Scenarios;

/// <summary>A load of i12-hot-path: the stand-in's delay (the carrier's latency) and wrk's connections.</summary>
public sealed record I12Load(int DelayMs, int Connections)
{
    public override string ToString() => $"{DelayMs} ms/{Connections}";
}

/// <summary>One measured wrk run, with the CPU time each process that served it used per request.</summary>
public sealed record I12Run(string Operation, I12Load Load, I12Target Target, WrkResult Result, IReadOnlyDictionary<string, double> CpuMsPerRequest);

/// <summary>
/// The processes of one store's run, by the names the figures print, and how wrk runs go through them: a warm-up at
/// the same load first (JIT, connection pools, the hop's and CarrierLink's caches), then the measured run, with the CPU
/// time each process used during it. A run with answers other than 2xx sends one more request the same way and prints
/// what came back, so the figure never hides what went wrong.
/// </summary>
public sealed class I12Runs(ScenarioContext context, BenchStack stack, ToolProcess standIn, ToolProcess hop, TimeSpan duration)
{
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(2);

    public Uri Url(I12Target target) => target switch
    {
        I12Target.Direct => standIn.Url,
        I12Target.Hop => hop.Url,
        _ => stack.Nodes[0].Url,
    };

    /// <summary>CPU seconds used so far by each process that can serve a run (PostgreSQL: the server and its backends).</summary>
    public Dictionary<string, double> CpuNow()
    {
        var cpu = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["CarrierLink"] = ProcessStats.CpuSeconds(stack.Nodes[0].ProcessId),
            ["hop"] = ProcessStats.CpuSeconds(hop.ProcessId),
            ["stand-in"] = ProcessStats.CpuSeconds(standIn.ProcessId),
        };
        if (stack.Postgres is not null) cpu["PostgreSQL"] = ProcessStats.CpuSeconds(stack.Postgres.PostmasterPid(), withChildren: true);
        return cpu;
    }

    /// <summary>The processes a target's requests go through (the others idle, or run the health engine's timers).</summary>
    public IEnumerable<string> Serving(I12Target target)
    {
        if (target == I12Target.CarrierLink) yield return "CarrierLink";
        if (target == I12Target.Hop) yield return "hop";
        yield return "stand-in";
        if (target != I12Target.Direct && stack.Postgres is not null) yield return "PostgreSQL";
    }

    public async Task<I12Run> RunAsync(string operation, I12Load load, I12Target target, WrkScript script, CancellationToken cancellationToken)
    {
        var name = $"{operation}-{load.DelayMs}ms-{load.Connections}c-{target}".ToLowerInvariant();
        await Wrk.RunAsync(Url(target), script, load.Connections, duration < WarmUp ? duration : WarmUp, context.Work, name + "-warmup", cancellationToken);
        var before = CpuNow();
        var result = await Wrk.RunAsync(Url(target), script, load.Connections, duration, context.Work, name, cancellationToken);
        var after = CpuNow();
        var cpu = Serving(target).ToDictionary(p => p, p => (after[p] - before[p]) * 1000 / Math.Max(1, result.Requests), StringComparer.Ordinal);
        var run = new I12Run(operation, load, target, result, cpu);
        context.Say($"    {operation,-7} {load,-9} {Name(target),-12} {result.RequestsPerSecond,9:N0} rps   p50 {Ms(result.P50Ms),8}   p99 {Ms(result.P99Ms),8}   "
            + $"non-2xx {result.Non2xx:N0}, socket errors {result.SocketErrors:N0}   CPU ms/request: {string.Join(", ", cpu.Select(c => $"{c.Key} {c.Value:0.000}"))}");
        if (result.Trouble.Length > 0)
            context.Say($"      not all 2xx: one more request the same way answered {await SampleAsync(target, script, cancellationToken)} (run with --logs DIR to keep the processes' logs)");
        return run;
    }

    /// <summary>One request as wrk sends it (the script's first path, body and headers); its status and the start of its body.</summary>
    public async Task<string> SampleAsync(I12Target target, WrkScript script, CancellationToken cancellationToken) =>
        (await SendAsync(target, script, script.Paths[0], cancellationToken)).Text;

    /// <summary>Sends the script's request for one path; Succeeded when the answer was 2xx.</summary>
    public async Task<(bool Succeeded, string Text)> SendAsync(I12Target target, WrkScript script, string path, CancellationToken cancellationToken)
    {
        // Redirects are not followed: wrk counts a 3xx as a success, so the check must not (a sign-in redirect would pass).
        using var http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = Url(target), Timeout = TimeSpan.FromSeconds(60) };
        using var request = new HttpRequestMessage(HttpMethod.Post, path.TrimStart('/'))
        {
            Content = new StringContent(script.Body, Encoding.UTF8),
        };
        request.Content.Headers.ContentType = null;
        foreach (var (header, value) in script.Headers)
        {
            if (header.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)) request.Content.Headers.TryAddWithoutValidation(header, value);
            else request.Headers.TryAddWithoutValidation(header, value);
        }
        if (script.IdempotencyKeys) request.Headers.Add("Idempotency-Key", "i12-sample-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var excerpt = body.Length > 300 ? body[..300] + "..." : body;
            return (response.IsSuccessStatusCode, $"{(int)response.StatusCode} {excerpt}".Trim());
        }
        catch (HttpRequestException e)
        {
            return (false, $"no answer ({e.HttpRequestError})");
        }
    }

    public static string Name(I12Target target) => target switch
    {
        I12Target.Direct => "direct",
        I12Target.Hop => "bare hop",
        _ => "CarrierLink",
    };

    public static string Ms(double ms) => double.IsNaN(ms) ? "-" : ms.ToString(ms < 10 ? "0.00" : ms < 100 ? "0.0" : "0", CultureInfo.InvariantCulture) + " ms";
}
