namespace CarrierLink.BrowserTests.Support;

/// <summary>
/// Debian's Chromium, headless, driven by Playwright: one browser process per test class (each test gets
/// fresh contexts, so no cookie crosses tests). The package carries its driver; no browser download.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    public const string ExecutableVariable = "CARRIERLINK_CHROMIUM";
    private const string DefaultExecutable = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("Chromium has not started.");

    public async Task InitializeAsync()
    {
        var executable = Environment.GetEnvironmentVariable(ExecutableVariable) is { Length: > 0 } set ? set : DefaultExecutable;
        if (!File.Exists(executable))
            throw new InvalidOperationException($"No Chromium at {executable}: install Debian's (apt-get install -y chromium), as .ci/run does, or set {ExecutableVariable}.");
        // Two cores run the whole solution's tests at once: give a page time before calling it wrong.
        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = executable,
            Headless = true,
            // Only loopback is reachable here: no background calls home, no QUIC, no GPU.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage"],
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.CloseAsync();
        _playwright?.Dispose();
    }
}
