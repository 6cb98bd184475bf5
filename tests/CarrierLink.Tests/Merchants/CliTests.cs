using System.Text.Json;
using CarrierLink.Tests.Support;
using CarrierLink.Web.Data;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace CarrierLink.Tests.Merchants;

/// <summary>
/// The CLI's commands in-process on each store: the same command parsing as the executable, with the settings an
/// operator gives through the environment and its own stdout/stderr. CliProcessSmokeTests runs the executable itself.
/// </summary>
public abstract class CliTests(StoreProvider provider) : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("carrierlink-cli-").FullName;
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync(provider, _folder);

    [Fact]
    public async Task Migrate_then_merchants_create_and_list_round_trip()
    {
        var migrate = await RunAsync("migrate");
        migrate.ExitCode.ShouldBe(0, migrate.Error);
        migrate.Output.Trim().ShouldBe("""{"migrated":true}""");

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
        missing.Error.ShouldContain("--email");
    }

    [Fact]
    public async Task Retention_run_deletes_the_rows_past_their_time_and_prints_what_went()
    {
        (await RunAsync("migrate")).ExitCode.ShouldBe(0);
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        await using (var db = _database.NewContext())
        {
            var merchant = new Merchant { Name = "Old Parcels" };
            var account = new CarrierAccount { MerchantId = merchant.Id, Carrier = "usps", Nickname = "Archive" };
            db.AddRange(merchant, account,
                new AccountEvent { AccountId = account.Id, At = now.AddDays(-400), Type = "test", Detail = "old" },
                new AccountEvent { AccountId = account.Id, At = now, Type = "test", Detail = "new" });
            await db.SaveChangesAsync();
        }

        var run = await RunAsync("retention", "run");

        run.ExitCode.ShouldBe(0, run.Error);
        var report = JsonDocument.Parse(run.Output).RootElement;
        report.GetProperty("skipped").GetBoolean().ShouldBeFalse();
        report.GetProperty("account_events").GetInt32().ShouldBe(1);
        report.GetProperty("failed_operations").GetInt32().ShouldBe(0);
        report.GetProperty("total").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task A_switch_on_the_command_line_wins_over_the_same_setting_from_the_environment()
    {
        var fromEnvironment = provider == StoreProvider.Postgres
            ? "Host=127.0.0.1;Port=1;Database=none;Timeout=2"
            : $"Data Source={Path.Combine(_folder, "from-environment.db")}";

        var migrate = await CliRunner.RunAsync(["migrate", "--ConnectionStrings:CarrierLink", _database.ConnectionString], Settings(fromEnvironment));

        migrate.ExitCode.ShouldBe(0, migrate.Error);
        File.Exists(Path.Combine(_folder, "from-environment.db")).ShouldBeFalse();
        (await RunAsync("merchants", "list")).ExitCode.ShouldBe(0, "the switch's database was migrated");
    }

    private Task<CliRunner.Result> RunAsync(params string[] args) => CliRunner.RunAsync(args, Settings(_database.ConnectionString));

    /// <summary>What an operator sets in the environment (ConnectionStrings__CarrierLink, ...).</summary>
    private Dictionary<string, string?> Settings(string connectionString) => new()
    {
        ["ConnectionStrings:CarrierLink"] = connectionString,
        ["Database:Provider"] = _database.ProviderName,
        ["DataProtection:KeysFolder"] = Path.Combine(_folder, "keys"),
    };

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}

public sealed class CliOnSqliteTests() : CliTests(StoreProvider.Sqlite);

public sealed class CliOnPostgresTests() : CliTests(StoreProvider.Postgres);
