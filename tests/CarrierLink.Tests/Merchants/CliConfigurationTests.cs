using System.Diagnostics;
using System.Text.Json;
using Shouldly;

namespace CarrierLink.Tests.Merchants;

/// <summary>
/// Issue 9, defect 9: configuration switches belong anywhere on the CLI's line, before or after the
/// command, as with dotnet tools. The CLI runs as an operator runs it: a separate process, here
/// configured on the command line only (no environment variables for the store).
/// </summary>
public sealed class CliConfigurationTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("carrierlink-cli-config-").FullName;

    private string Database => $"Data Source={Path.Combine(_folder, "given.db")}";

    [Fact]
    public async Task Configuration_after_the_command_is_used_in_both_spellings()
    {
        var migrate = await RunAsync("migrate", "--ConnectionStrings:CarrierLink", Database, $"--DataProtection:KeysFolder={Path.Combine(_folder, "keys")}");
        migrate.ExitCode.ShouldBe(0, migrate.Error);
        File.Exists(Path.Combine(_folder, "given.db")).ShouldBeTrue();

        var agent = await RunAsync("agents", "create", "--email", "help@carrierlink.test", "--password", "long-enough-password",
            "--ConnectionStrings:CarrierLink", Database, "--DataProtection:KeysFolder", Path.Combine(_folder, "keys"));
        agent.ExitCode.ShouldBe(0, agent.Error);
        JsonDocument.Parse(agent.Output).RootElement.GetProperty("role").GetString().ShouldBe("support_agent");

        var merchant = await RunAsync("merchants", "create", $"--ConnectionStrings:CarrierLink={Database}", "--name", "Acme Parcels",
            "--email", "ops@acme.test", "--DataProtection:KeysFolder", Path.Combine(_folder, "keys"), "--password", "long-enough-password");
        merchant.ExitCode.ShouldBe(0, merchant.Error);
    }

    [Fact]
    public async Task Configuration_before_the_command_runs_the_command_not_the_web_app()
    {
        (await RunAsync("migrate", "--ConnectionStrings:CarrierLink", Database, "--DataProtection:KeysFolder", Path.Combine(_folder, "keys"))).ExitCode.ShouldBe(0);
        await RunAsync("merchants", "create", "--name", "Before", "--email", "before@acme.test", "--password", "long-enough-password",
            "--ConnectionStrings:CarrierLink", Database, "--DataProtection:KeysFolder", Path.Combine(_folder, "keys"));

        var list = await RunAsync("--ConnectionStrings:CarrierLink", Database, "--DataProtection:KeysFolder", Path.Combine(_folder, "keys"), "merchants", "list");

        list.ExitCode.ShouldBe(0, list.Error);
        JsonDocument.Parse(list.Output).RootElement.EnumerateArray().ShouldHaveSingleItem().GetProperty("name").GetString().ShouldBe("Before");
    }

    [Fact]
    public async Task An_unknown_word_is_still_refused()
    {
        var wrong = await RunAsync("merchants", "lisst", "--ConnectionStrings:CarrierLink", Database);

        wrong.ExitCode.ShouldNotBe(0);
    }

    private async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "CarrierLink.Web.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _folder };
        start.ArgumentList.Add(dll);
        foreach (var arg in args) start.ArgumentList.Add(arg);
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
            // Without the fix a line that starts with configuration runs the web app, which never exits.
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
