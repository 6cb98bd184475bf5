using System.Text.Json;
using CarrierLink.Bench.Stack;

namespace CarrierLink.Bench.Clients;

public sealed record MerchantLogin(string Email, string Password, string ApiKey);

/// <summary>The app's admin CLI (`dotnet CarrierLink.Web.dll merchants create ...`) against the nodes' database.</summary>
public sealed class CarrierLinkCli(AppBuilds builds, WorkFolder work, IReadOnlyDictionary<string, string> settings)
{
    public async Task<MerchantLogin> CreateMerchantAsync(string name, CancellationToken cancellationToken)
    {
        var email = $"bench-{Guid.NewGuid():N}@example.test";
        const string password = "bench-merchant-password-2026";
        var (exitCode, output) = await ChildProcess.RunAsync("dotnet",
            [builds.WebDll, "merchants", "create", "--name", name, "--email", email, "--password", password],
            builds.WebFolder, work.LogFile("cli"), NodeSettings.AsEnvironment(settings), TimeSpan.FromSeconds(120), cancellationToken);
        if (exitCode != 0) throw new InvalidOperationException($"merchants create exited with {exitCode}; see {work.LogFile("cli")}.");
        using var created = JsonDocument.Parse(output);
        return new MerchantLogin(email, password, created.RootElement.GetProperty("api_key").GetString()!);
    }
}
