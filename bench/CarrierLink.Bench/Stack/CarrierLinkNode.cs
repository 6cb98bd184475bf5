namespace CarrierLink.Bench.Stack;

/// <summary>One CarrierLink process on its own port; it can be killed (-9) and started again.</summary>
public sealed class CarrierLinkNode : IDisposable
{
    private readonly AppBuilds _builds;
    private readonly WorkFolder _work;
    private readonly Dictionary<string, string> _settings;
    private ChildProcess? _process;
    private int _starts;

    /// <param name="url">Chosen before start-up: the sandbox must know the node's callback URL before the node exists.</param>
    public CarrierLinkNode(int index, Uri url, AppBuilds builds, WorkFolder work, IReadOnlyDictionary<string, string> sharedSettings)
    {
        Index = index;
        Url = url;
        _builds = builds;
        _work = work;
        _settings = new Dictionary<string, string>(sharedSettings);
    }

    public int Index { get; }

    public Uri Url { get; }

    public Uri CallbackUrl => new(Url, "connect/usps/callback");

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The operating system's id of the running node (for its RSS and CPU time), or null when it is not running.</summary>
    public int? ProcessId => IsRunning ? _process!.Id : null;

    /// <summary>
    /// Settings of its own for the node's next starts, over the shared ones (issue 12 points a running stack's node at
    /// the stand-in carrier: kill it, reconfigure, start it again). The CLI and the other nodes keep the shared ones.
    /// </summary>
    public void Reconfigure(IReadOnlyDictionary<string, string> settings)
    {
        if (IsRunning) throw new InvalidOperationException($"Node {Index} is running: kill it before reconfiguring it.");
        foreach (var (key, value) in settings) _settings[key] = value;
    }

    /// <summary>A setting the node is (or will be) started with, null when it has none of its own (the app's default applies).</summary>
    public string? Setting(string key) => _settings.TryGetValue(key, out var value) ? value : null;

    public async Task StartAsync(bool migrate, CancellationToken cancellationToken)
    {
        if (IsRunning) throw new InvalidOperationException($"Node {Index} is already running.");
        _process?.Dispose();
        _starts++;
        var settings = new Dictionary<string, string>(_settings)
        {
            ["urls"] = Url.ToString().TrimEnd('/'),
            ["CarrierLink:PublicBaseUrl"] = Url.ToString().TrimEnd('/'),
            ["Database:MigrateOnStart"] = migrate ? "true" : "false",
        };
        // The bin folder is the content root, so appsettings.json is read as in a deployment.
        _process = ChildProcess.Start("dotnet", [_builds.WebDll, .. NodeSettings.AsArguments(settings)], _builds.WebFolder,
            _work.LogFile(_starts == 1 ? $"node{Index}" : $"node{Index}-start{_starts}"),
            new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production", ["DOTNET_ENVIRONMENT"] = "Production" });
        await Readiness.WaitForHttpAsync(_process, new Uri(Url, "health"), $"node {Index}", TimeSpan.FromSeconds(90), cancellationToken);
    }

    /// <summary>kill -9: the node dies mid-whatever, as in a crash or an OOM kill. Returns once the process is gone (SIGKILL is asynchronous).</summary>
    public void Kill()
    {
        _process?.Kill();
        _process?.WaitForExit(TimeSpan.FromSeconds(10));
    }

    public void Dispose() => _process?.Dispose();
}
