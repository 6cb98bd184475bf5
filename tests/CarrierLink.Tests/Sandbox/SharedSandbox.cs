namespace CarrierLink.Tests.Sandbox;

/// <summary>
/// One sandbox for a test class whose tests leave nothing behind that another would see (no faults, settings, counters
/// or changes to the seeded customers): each signs in, asks and checks its own answers. A test that needs a clean
/// sandbox still starts its own.
/// </summary>
public sealed class SharedSandbox : IAsyncLifetime
{
    private SandboxHost? _host;

    public SandboxHost Host => _host ?? throw new InvalidOperationException("The sandbox has not started.");

    public async Task InitializeAsync() => _host = await SandboxHost.StartAsync();

    public async Task DisposeAsync()
    {
        if (_host is not null) await _host.DisposeAsync();
    }
}
