using CarrierLink.Tests.Support;
using CarrierLink.Web.Data;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace CarrierLink.Tests.Store;

/// <summary>
/// Reads every mapped column of every entity from a freshly migrated database: what the generated migrations and their
/// snapshot promise (docs/decisions/0001), checked against the database itself.
/// </summary>
public abstract class SchemaMatchesModelTests(StackFixture fixture)
{
    [Fact]
    public async Task Every_mapped_column_exists_after_migrating()
    {
        await fixture.Stack.WithDbAsync(async db =>
        {
            foreach (var entity in db.Model.GetEntityTypes())
            {
                var table = entity.GetTableName()!;
                var columns = string.Join(", ", entity.GetProperties().Select(p => "\"" + p.GetColumnName() + "\""));
#pragma warning disable EF1002 // Names come from the model, not from input.
                var count = await db.Database.SqlQueryRaw<int>($"SELECT COUNT(*) AS \"Value\" FROM (SELECT {columns} FROM \"{table}\") AS t").SingleAsync();
#pragma warning restore EF1002
                count.ShouldBeGreaterThanOrEqualTo(0);
            }
            return true;
        });
    }

    [Fact]
    public async Task Migrating_twice_is_harmless()
    {
        await DatabaseSetup.MigrateAsync(fixture.Stack.Services);
        var pending = await fixture.Stack.WithDbAsync(db => db.Database.GetPendingMigrationsAsync());
        pending.ShouldBeEmpty();
    }
}

public sealed class SchemaMatchesModelOnSqliteTests(SqliteStack fixture) : SchemaMatchesModelTests(fixture), IClassFixture<SqliteStack>;

public sealed class SchemaMatchesModelOnPostgresTests(PostgresStack fixture) : SchemaMatchesModelTests(fixture), IClassFixture<PostgresStack>;
