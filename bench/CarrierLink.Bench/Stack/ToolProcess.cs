namespace CarrierLink.Bench.Stack;

/// <summary>
/// One of issue 12's tools under bench/ (the stand-in carrier, the bare hop) as a process on its own port: started
/// from its bin folder like the app, ready once GET /health answers, and startable again on the same URL with other
/// arguments (the stand-in with another delay), so that whoever points at it need not be told.
/// </summary>
public sealed class ToolProcess : IDisposable
{
    private readonly string _project;
    private readonly AppBuilds _builds;
    private readonly WorkFolder _work;
    private ChildProcess? _process;
    private int _starts;

    public ToolProcess(string project, AppBuilds builds, WorkFolder work)
    {
        _project = project;
        _builds = builds;
        _work = work;
        Url = new Uri($"http://127.0.0.1:{FreePort.Next()}/");
    }

    public Uri Url { get; }

    public int? ProcessId => _process is { HasExited: false } process ? process.Id : null;

    /// <summary>The arguments of the running process (after --urls), for the report.</summary>
    public IReadOnlyList<string> Arguments { get; private set; } = [];

    /// <summary>Starts the tool with these arguments, stopping it first if it runs (same port, same URL).</summary>
    public async Task StartAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        Stop();
        var folder = _builds.BenchToolFolder(_project);
        var dll = Path.Combine(folder, _project + ".dll");
        if (!File.Exists(dll)) throw new InvalidOperationException($"{dll} is missing: run `dotnet run -c {_builds.Configuration} --project bench/CarrierLink.Bench`, which builds it.");
        _starts++;
        Arguments = arguments;
        _process = ChildProcess.Start("dotnet", [dll, "--urls", Url.ToString().TrimEnd('/'), .. arguments], folder,
            _work.LogFile(_starts == 1 ? _project : $"{_project}-start{_starts}"),
            new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production", ["DOTNET_ENVIRONMENT"] = "Production" });
        await Readiness.WaitForHttpAsync(_process, new Uri(Url, "health"), _project, TimeSpan.FromSeconds(60), cancellationToken);
    }

    public void Stop()
    {
        if (_process is null) return;
        _process.Dispose();
        _process = null;
    }

    public void Dispose() => Stop();
}
