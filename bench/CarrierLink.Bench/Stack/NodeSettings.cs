namespace CarrierLink.Bench.Stack;

/// <summary>
/// The configuration every CarrierLink node (and the CLI) gets, as ASP.NET Core configuration keys:
/// one database, one key ring in it, the sandbox as USPS and Stamps.com, nothing from Development.
/// </summary>
public static class NodeSettings
{
    /// <param name="extra">A scenario's own settings (an engine's intervals, say); they win over these.</param>
    public static Dictionary<string, string> Shared(DatabaseTarget database, Uri sandbox, IReadOnlyDictionary<string, string> extra)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ConnectionStrings:CarrierLink"] = database.ConnectionString,
            ["Database:Provider"] = database.ProviderName,
            // The nodes must read each other's encrypted tokens and cookies: one key ring, in the shared database.
            ["DataProtection:KeyStore"] = "database",
            ["Carriers:Usps:ApiBaseUrl"] = sandbox.ToString(),
            ["Carriers:Usps:ConsentUrl"] = new Uri(sandbox, "cop-navigator").ToString(),
            ["Carriers:Usps:ClientId"] = SandboxProcess.ClientId,
            ["Carriers:Usps:ClientSecret"] = SandboxProcess.ClientSecret,
            ["Carriers:Usps:UsePkce"] = "true",
            ["Carriers:Stamps:AuthBaseUrl"] = sandbox.ToString(),
            ["Carriers:Stamps:ApiBaseUrl"] = new Uri(sandbox, "sera/").ToString(),
            ["Carriers:Stamps:IntegrationId"] = "6f1c2d3e-4b5a-4c7d-9e8f-0a1b2c3d4e5f",
            ["Sandbox:Embedded:Enabled"] = "false",
            ["DemoSeed:Enabled"] = "false",
            // Logs go to files nobody reads during a run; Warning keeps 1,000 requests from being a logging benchmark.
            ["Logging:LogLevel:Default"] = "Warning",
            // The load generator is one client IP signing in many merchants and sending wrong keys on purpose (issue 13's
            // per-IP limits would answer it 429); an hours-long run outlives the 30-minute idle page session.
            ["Security:SignIn:AttemptsPerIpPerMinute"] = "100000",
            ["Security:SignIn:FailedApiKeysPerIpPerMinute"] = "1000000",
            ["Security:Sessions:IdleMinutes"] = "1440",
            ["Security:Sessions:AbsoluteHours"] = "720",
        };
        foreach (var (key, value) in extra) settings[key] = value;
        return settings;
    }

    public static IEnumerable<string> AsArguments(IReadOnlyDictionary<string, string> settings) =>
        settings.Select(s => $"--{s.Key}={s.Value}");

    /// <summary>The CLI builds its configuration without its command line, so it reads these from the environment.</summary>
    public static Dictionary<string, string> AsEnvironment(IReadOnlyDictionary<string, string> settings)
    {
        var environment = settings.ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value);
        environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        environment["DOTNET_ENVIRONMENT"] = "Production";
        return environment;
    }
}
