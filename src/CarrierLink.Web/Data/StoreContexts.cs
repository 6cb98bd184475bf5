using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CarrierLink.Web.Data;

// Note: EF keeps one chain of migrations and one model snapshot per context type, and the two stores
// generate different SQL (column types, identity, index syntax), so each store is its own context type
// with its own folder under Data/Migrations (docs/decisions/0001). The model itself is CarrierLinkDb's.

/// <summary>The embedded store: one node, no set-up.</summary>
public sealed class SqliteCarrierLinkDb(DbContextOptions<SqliteCarrierLinkDb> options) : CarrierLinkDb(options);

/// <summary>The shared store for several nodes.</summary>
public sealed class PostgresCarrierLinkDb(DbContextOptions<PostgresCarrierLinkDb> options) : CarrierLinkDb(options);

/// <summary>
/// What `dotnet ef` builds to generate SQLite migrations. It never connects: adding a migration and
/// `has-pending-model-changes` compare the model with the snapshot.
/// </summary>
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteCarrierLinkDb>
{
    public SqliteCarrierLinkDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteCarrierLinkDb>().UseSqlite("Data Source=design-time.db").Options);
}

/// <summary>What `dotnet ef` builds to generate PostgreSQL migrations; the connection string is never opened.</summary>
internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresCarrierLinkDb>
{
    public PostgresCarrierLinkDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresCarrierLinkDb>().UseNpgsql("Host=design-time.invalid;Database=carrierlink").Options);
}
