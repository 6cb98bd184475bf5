using System.Diagnostics;
using System.Text.Json;
using Shouldly;

namespace CarrierLink.Tests.Merchants;

/// <summary>
/// The one CLI test that starts the executable, as an operator runs it: `dotnet CarrierLink.Web.dll`, configured by
/// environment variables, from a folder of its own. Every other CLI test runs in-process (CliTests).
/// </summary>
public sealed class CliProcessSmokeTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("carrierlink-cli-process-").FullName;

    [Fact]
    public async Task The_executable_migrates_then_creates_a_merchant()
    {
        var migrate = await RunAsync("migrate");
        migrate.ExitCode.ShouldBe(0, migrate.Error);
        migrate.Output.Trim().ShouldBe("""{"migrated":true}""");

        var create = await RunAsync("merchants", "create", "--name", "Acme Parcels", "--email", "ops@acme.test", "--password", "long-enough-password");

        create.ExitCode.ShouldBe(0, create.Error);
        JsonDocument.Parse(create.Output).RootElement.GetProperty("api_key").GetString()!.ShouldStartWith("cl_");
        File.Exists(Path.Combine(_folder, "cli.db")).ShouldBeTrue();
    }

    private async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "CarrierLink.Web.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _folder };
        start.ArgumentList.Add(dll);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["ConnectionStrings__CarrierLink"] = $"Data Source={Path.Combine(_folder, "cli.db")}";
        start.Environment["DataProtection__KeysFolder"] = Path.Combine(_folder, "keys");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["DOTNET_ENVIRONMENT"] = "Testing";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, await output, "timed out: " + await error);
        }
        return (process.ExitCode, await output, await error);
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
