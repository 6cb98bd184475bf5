using System.Diagnostics;
using System.Text.Json;
using CarrierLink.Web.Data;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace CarrierLink.Tests.Merchants;

/// <summary>The CLI as an operator runs it: a separate process, configured by environment variables.</summary>
public sealed class CliTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("carrierlink-cli-").FullName;

    [Fact]
    public async Task Migrate_then_merchants_create_and_list_round_trip()
    {
        var migrate = await RunAsync("migrate");
        migrate.ExitCode.ShouldBe(0, migrate.Error);

        var create = await RunAsync("merchants", "create", "--name", "Acme Parcels", "--email", "ops@acme.test", "--password", "long-enough-password");
        create.ExitCode.ShouldBe(0, create.Error);
        var created = JsonDocument.Parse(create.Output).RootElement;
        Guid.TryParse(created.GetProperty("merchant_id").GetString(), out _).ShouldBeTrue();
        created.GetProperty("api_key").GetString()!.ShouldStartWith("cl_");

        var list = await RunAsync("merchants", "list");
        list.ExitCode.ShouldBe(0, list.Error);
        var merchants = JsonDocument.Parse(list.Output).RootElement.EnumerateArray().ToList();
        merchants.ShouldHaveSingleItem().GetProperty("name").GetString().ShouldBe("Acme Parcels");
        list.Output.ShouldNotContain(created.GetProperty("api_key").GetString()!);
    }

    [Fact]
    public async Task Agents_create_makes_a_support_agent_who_is_not_a_merchant()
    {
        (await RunAsync("migrate")).ExitCode.ShouldBe(0);

        var agent = await RunAsync("agents", "create", "--email", "help@carrierlink.test", "--password", "long-enough-password");
        var again = await RunAsync("agents", "create", "--email", "help@carrierlink.test", "--password", "long-enough-password");

        agent.ExitCode.ShouldBe(0, agent.Error);
        JsonDocument.Parse(agent.Output).RootElement.GetProperty("role").GetString().ShouldBe("support_agent");
        again.ExitCode.ShouldNotBe(0);
        JsonDocument.Parse((await RunAsync("merchants", "list")).Output).RootElement.GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task Bad_input_exits_non_zero_with_a_one_line_reason()
    {
        (await RunAsync("migrate")).ExitCode.ShouldBe(0);
        await RunAsync("merchants", "create", "--name", "First", "--email", "same@acme.test", "--password", "long-enough-password");

        var duplicate = await RunAsync("merchants", "create", "--name", "Second", "--email", "same@acme.test", "--password", "long-enough-password");
        var shortPassword = await RunAsync("merchants", "create", "--name", "Third", "--email", "third@acme.test", "--password", "short");
        var missing = await RunAsync("merchants", "create", "--name", "Fourth");

        duplicate.ExitCode.ShouldNotBe(0);
        duplicate.Error.Trim().ShouldBe("error: --email is already used by another user");
        shortPassword.ExitCode.ShouldNotBe(0);
        shortPassword.Error.ShouldContain("--password");
        missing.ExitCode.ShouldNotBe(0);
    }

    [Fact]
    public async Task Retention_run_deletes_the_rows_past_their_time_and_prints_what_went()
    {
        (await RunAsync("migrate")).ExitCode.ShouldBe(0);
        var options = new DbContextOptionsBuilder<SqliteCarrierLinkDb>().UseSqlite($"Data Source={Path.Combine(_folder, "cli.db")}").Options;
        await using (var db = new SqliteCarrierLinkDb(options))
        {
            var merchant = new Merchant { Name = "Old Parcels" };
            var account = new CarrierAccount { MerchantId = merchant.Id, Carrier = "usps", Nickname = "Archive" };
            db.AddRange(merchant, account,
                new AccountEvent { AccountId = account.Id, At = DateTime.UtcNow.AddDays(-400), Type = "test", Detail = "old" },
                new AccountEvent { AccountId = account.Id, At = DateTime.UtcNow, Type = "test", Detail = "new" });
            await db.SaveChangesAsync();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        var run = await RunAsync("retention", "run");

        run.ExitCode.ShouldBe(0, run.Error);
        var report = JsonDocument.Parse(run.Output).RootElement;
        report.GetProperty("skipped").GetBoolean().ShouldBeFalse();
        report.GetProperty("account_events").GetInt32().ShouldBe(1);
        report.GetProperty("failed_operations").GetInt32().ShouldBe(0);
        report.GetProperty("total").GetInt32().ShouldBe(1);
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
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
