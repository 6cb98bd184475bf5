using CarrierLink.Tests.Support;
using CarrierLink.Web.Data;
using CarrierLink.Web.Data.Migrations.Legacy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;

namespace CarrierLink.Tests.Store;

/// <summary>
/// Migrations are generated now (docs/decisions/0001); a database made by the hand-written ones, by any earlier version,
/// must still upgrade: it gets the hand-written migrations it lacks, then continues on the generated chain, and ends
/// with exactly the schema a new database gets.
/// </summary>
public abstract class LegacyUpgradeTests(StoreProvider provider) : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("carrierlink-upgrade-").FullName;
    private readonly List<TestDatabase> _databases = [];

    [Fact]
    public async Task A_database_the_hand_written_migrations_made_upgrades_to_the_schema_of_a_new_one()
    {
        var old = await LegacyDatabaseAsync(LegacyMigrationsDb.Last);

        await MigrateAsync(old);

        StoreSchema.Differences(await SchemaAsync(await NewDatabaseAsync()), await SchemaAsync(old)).ShouldBeEmpty();
        await using var db = old.NewContext();
        (await db.Database.GetPendingMigrationsAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_database_of_an_older_version_gets_the_rest_and_keeps_its_rows()
    {
        var old = await LegacyDatabaseAsync("20261201000005_PickupIdempotency");
        await using (var db = old.NewContext())
            await db.Database.ExecuteSqlRawAsync("INSERT INTO merchants (id, name, created_at) VALUES ('0193a000-0000-7000-8000-000000000001', 'Acme Parcels', '2026-11-30 10:00:00')");

        await MigrateAsync(old);

        await using var after = old.NewContext();
        (await after.Merchants.SingleAsync()).Name.ShouldBe("Acme Parcels");
        (await after.Database.GetAppliedMigrationsAsync()).ShouldContain(LegacyMigrationsDb.Last);
        (await after.Database.GetPendingMigrationsAsync()).ShouldBeEmpty();
        StoreSchema.Differences(await SchemaAsync(await NewDatabaseAsync()), await SchemaAsync(old)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_new_database_gets_only_the_generated_migrations()
    {
        var fresh = await NewDatabaseAsync();

        await using var db = fresh.NewContext();
        (await db.Database.GetAppliedMigrationsAsync()).ShouldBe(db.Database.GetMigrations());
        db.Database.GetMigrations().ShouldNotContain(LegacyMigrationsDb.Last);
    }

    private async Task<TestDatabase> NewDatabaseAsync()
    {
        var database = await EmptyDatabaseAsync();
        await MigrateAsync(database);
        return database;
    }

    /// <summary>A database as a version before generated migrations left it: the hand-written chain up to <paramref name="upTo"/>.</summary>
    private async Task<TestDatabase> LegacyDatabaseAsync(string upTo)
    {
        var database = await EmptyDatabaseAsync();
        var options = new DbContextOptionsBuilder<LegacyMigrationsDb>();
        if (provider == StoreProvider.Postgres) options.UseNpgsql(database.ConnectionString);
        else options.UseSqlite(database.ConnectionString);
        options.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
        await using var legacy = new LegacyMigrationsDb(options.Options);
        await legacy.Database.MigrateAsync(upTo);
        return database;
    }

    private async Task<TestDatabase> EmptyDatabaseAsync()
    {
        var database = await TestDatabase.CreateAsync(provider, Directory.CreateTempSubdirectory().FullName);
        _databases.Add(database);
        return database;
    }

    /// <summary>What `CarrierLink.Web migrate` runs, on the app's own database services.</summary>
    private static async Task MigrateAsync(TestDatabase database)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = database.ProviderName,
            ["ConnectionStrings:CarrierLink"] = database.ConnectionString,
        }).Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton(TimeProvider.System)
            .AddCarrierLinkDatabase(configuration)
            .BuildServiceProvider();
        await using (services) await DatabaseSetup.MigrateAsync(services);
    }

    private static async Task<IReadOnlyList<string>> SchemaAsync(TestDatabase database)
    {
        await using var db = database.NewContext();
        return await StoreSchema.ReadAsync(db);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var database in _databases) await database.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}

public sealed class LegacyUpgradeOnSqliteTests() : LegacyUpgradeTests(StoreProvider.Sqlite);

public sealed class LegacyUpgradeOnPostgresTests() : LegacyUpgradeTests(StoreProvider.Postgres);
