namespace CarrierLink.Bench.Stack;

/// <summary>
/// The carrier sandbox as its own process, with CarrierLink registered as an OAuth client whose
/// callbacks are every node's (a merchant may be sent back to any of them).
/// </summary>
public sealed class SandboxProcess : IDisposable
{
    public const string ClientId = "carrierlink-bench";
    public const string ClientSecret = "sandbox-secret-for-the-benchmark";
    // Seeded dice: a fault with rate below 1 fires on the same calls every run.
    private const int FaultSeed = 20261121;

    private readonly ChildProcess _process;

    private SandboxProcess(ChildProcess process, Uri url)
    {
        _process = process;
        Url = url;
    }

    public Uri Url { get; }

    public int ProcessId => _process.Id;

    public static async Task<SandboxProcess> StartAsync(AppBuilds builds, WorkFolder work, IReadOnlyList<Uri> callbackUrls, CancellationToken cancellationToken)
    {
        var url = new Uri($"http://127.0.0.1:{FreePort.Next()}/");
        List<string> arguments =
        [
            builds.SandboxDll,
            "--urls", url.ToString().TrimEnd('/'),
            "--Logging:LogLevel:Default=Warning",
            "--Sandbox:Clients:0:ClientId", ClientId,
            "--Sandbox:Clients:0:ClientSecret", ClientSecret,
            "--Sandbox:Clients:0:Name", "CarrierLink",
            "--Sandbox:Usps:ConsentAutoReturnSeconds=5",
            $"--Sandbox:FaultSeed={FaultSeed}",
        ];
        for (var i = 0; i < callbackUrls.Count; i++) arguments.AddRange([$"--Sandbox:Clients:0:RedirectUris:{i}", callbackUrls[i].ToString()]);

        var process = ChildProcess.Start("dotnet", arguments, builds.SandboxFolder, work.LogFile("sandbox"),
            new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production" });
        try
        {
            await Readiness.WaitForHttpAsync(process, new Uri(url, "_control/counters"), "the sandbox", TimeSpan.FromSeconds(60), cancellationToken);
        }
        catch
        {
            process.Dispose();
            throw;
        }
        return new SandboxProcess(process, url);
    }

    public void Dispose() => _process.Dispose();
}
