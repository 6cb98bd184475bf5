using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CarrierLink.Web.Data.Migrations.Legacy;

/// <summary>
/// The fourteen migrations written by hand before they were generated (2026-11-21 to 2026-12-05), kept so that a
/// database made by any earlier version still upgrades. They run through this context, which has no model of
/// its own, on the store's connection and history table; nothing new is ever added here.
/// </summary>
public sealed class LegacyMigrationsDb(DbContextOptions<LegacyMigrationsDb> options) : DbContext(options)
{
    /// <summary>The last hand-written migration: a database that has it has the schema the generated baseline makes.</summary>
    public const string Last = "20261205000006_RegistrationChallenges";

    /// <summary>
    /// On a database that an earlier version migrated, applies whatever hand-written migrations it still lacks and then
    /// records the store's generated baseline as applied, so the generated chain continues from there. A new database
    /// (no hand-written migration applied) is left to the generated baseline.
    /// </summary>
    public static async Task BringUpToBaselineAsync(CarrierLinkDb db, CancellationToken cancellationToken)
    {
        var applied = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var baseline = db.Database.GetMigrations().First();
        if (applied.Contains(baseline)) return;

        await using var legacy = On(db);
        if (!legacy.Database.GetMigrations().Any(applied.Contains)) return;
        await legacy.Database.MigrateAsync(Last, cancellationToken);

        // Note: the legacy chain and the baseline make the same tables, columns, keys and indexes on both stores
        // (LegacyUpgradeTests compares them), so only the history row is written.
        var history = db.GetService<IHistoryRepository>();
        await db.Database.ExecuteSqlRawAsync(history.GetInsertScript(new HistoryRow(baseline, ProductInfo.GetVersion())), cancellationToken);
    }

    private static LegacyMigrationsDb On(CarrierLinkDb db)
    {
        var connection = db.Database.GetDbConnection();
        var options = new DbContextOptionsBuilder<LegacyMigrationsDb>();
        if (db.Database.IsNpgsql()) options.UseNpgsql(connection);
        else options.UseSqlite(connection);
        // It has no model, so there is nothing for a snapshot to agree with.
        options.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
        return new LegacyMigrationsDb(options.Options);
    }
}
