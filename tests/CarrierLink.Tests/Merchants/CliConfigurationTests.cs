using System.Text.Json;
using Shouldly;

namespace CarrierLink.Tests.Merchants;

/// <summary>
/// Issue 9, defect 9: configuration switches belong anywhere on the CLI's line, before or after the
/// command, as with dotnet tools. Configured on the command line only (no settings from the environment);
/// in-process through Program's own dispatch (<see cref="CliRunner"/>).
/// </summary>
public sealed class CliConfigurationTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("carrierlink-cli-config-").FullName;

    private string Database => $"Data Source={Path.Combine(_folder, "given.db")}";

    [Fact]
    public async Task Configuration_after_the_command_is_used_in_both_spellings()
    {
        var migrate = await CliRunner.RunAsync(["migrate", "--ConnectionStrings:CarrierLink", Database, $"--DataProtection:KeysFolder={Path.Combine(_folder, "keys")}"]);
        migrate.ExitCode.ShouldBe(0, migrate.Error);
        File.Exists(Path.Combine(_folder, "given.db")).ShouldBeTrue();

        var agent = await CliRunner.RunAsync(["agents", "create", "--email", "help@carrierlink.test", "--password", "long-enough-password",
            "--ConnectionStrings:CarrierLink", Database, "--DataProtection:KeysFolder", Path.Combine(_folder, "keys")]);
        agent.ExitCode.ShouldBe(0, agent.Error);
        JsonDocument.Parse(agent.Output).RootElement.GetProperty("role").GetString().ShouldBe("support_agent");

        var merchant = await CliRunner.RunAsync(["merchants", "create", $"--ConnectionStrings:CarrierLink={Database}", "--name", "Acme Parcels",
            "--email", "ops@acme.test", "--DataProtection:KeysFolder", Path.Combine(_folder, "keys"), "--password", "long-enough-password"]);
        merchant.ExitCode.ShouldBe(0, merchant.Error);
    }

    [Fact]
    public async Task Configuration_before_the_command_runs_the_command_not_the_web_app()
    {
        (await CliRunner.RunAsync(["migrate", "--ConnectionStrings:CarrierLink", Database, "--DataProtection:KeysFolder", Path.Combine(_folder, "keys")])).ExitCode.ShouldBe(0);
        await CliRunner.RunAsync(["merchants", "create", "--name", "Before", "--email", "before@acme.test", "--password", "long-enough-password",
            "--ConnectionStrings:CarrierLink", Database, "--DataProtection:KeysFolder", Path.Combine(_folder, "keys")]);

        var list = await CliRunner.RunAsync(["--ConnectionStrings:CarrierLink", Database, "--DataProtection:KeysFolder", Path.Combine(_folder, "keys"), "merchants", "list"]);

        list.ExitCode.ShouldBe(0, list.Error);
        JsonDocument.Parse(list.Output).RootElement.EnumerateArray().ShouldHaveSingleItem().GetProperty("name").GetString().ShouldBe("Before");
    }

    [Fact]
    public async Task An_unknown_word_is_still_refused()
    {
        var wrong = await CliRunner.RunAsync(["merchants", "lisst", "--ConnectionStrings:CarrierLink", Database]);

        wrong.ExitCode.ShouldNotBe(0);
        wrong.Error.ShouldContain("lisst");
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
