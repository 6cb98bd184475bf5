using CarrierLink.Web.Configuration;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace CarrierLink.Web.Data;

/// <summary>The one place that chooses between SQLite and PostgreSQL.</summary>
public static class DatabaseSetup
{
    public const string ConnectionStringName = "CarrierLink";
    private const string DefaultSqlite = "Data Source=data/carrierlink.db";

    public static IServiceCollection AddCarrierLinkDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DatabaseOptions>().BindAndValidateOnStart(DatabaseOptions.Section)
            .Validate<IConfiguration>((database, config) => database.Provider != "postgres" || !string.IsNullOrWhiteSpace(config.GetConnectionString(ConnectionStringName)),
                "ConnectionStrings:CarrierLink is required when Database:Provider is postgres, e.g. "
                + "Host=db.internal;Database=carrierlink;Username=carrierlink;Password=... (through the environment: ConnectionStrings__CarrierLink).");
        services.AddSingleton<NodeLocks>();
        services.AddSingleton<SqliteWriteGate>();
        services.AddSingleton<Accounts.AccountSnapshots>();
        services.AddSingleton<Accounts.AccountWriteWatcher>();
        // This node's writes to carrier_accounts empty its account cache (Accounts/AccountSnapshots).
        services.AddSingleton<IInterceptor>(sp => sp.GetRequiredService<Accounts.AccountWriteWatcher>());
        // Each store's own context type carries its own migrations (StoreContexts.cs); the rest of the app asks for
        // CarrierLinkDb and gets the configured store's. Both pools are registered and only that one is ever used:
        // the choice is made when a context is asked for, from the validated options, not from the configuration as it
        // stood while services were added (the CLI adds its settings after that).
        services.AddDbContextPool<SqliteCarrierLinkDb>((sp, options) => Configure(sp, options.UseSqlite(PrepareSqlite(configuration.GetConnectionString(ConnectionStringName) ?? DefaultSqlite))));
        services.AddDbContextPool<PostgresCarrierLinkDb>((sp, options) => Configure(sp, options.UseNpgsql(PostgresConnectionString(configuration))));
        services.AddScoped<CarrierLinkDb>(sp => sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.Provider == "postgres"
            ? sp.GetRequiredService<PostgresCarrierLinkDb>()
            : sp.GetRequiredService<SqliteCarrierLinkDb>());
        return services;
    }

    private static string PostgresConnectionString(IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new InvalidOperationException("Database:Provider is postgres but ConnectionStrings:CarrierLink is empty.");
        return connectionString;
    }

    private static void Configure(IServiceProvider sp, DbContextOptionsBuilder options)
    {
        // Every feature's interceptors, registered as IInterceptor services (the account cache above, Telemetry's state-change
        // count): ConfigureDbContext<CarrierLinkDb> would not reach the store's own context type.
        options.AddInterceptors(sp.GetServices<IInterceptor>());
        // A failing command surfaces as an exception, and whoever handles it logs it once, at the level
        // it deserves (a database outage answers 503 with a warning, a bug a 500 with an error); EF's own
        // error line with the stack, at every request during an outage, only repeated that.
        options.ConfigureWarnings(w => w.Log(
            (RelationalEventId.ConnectionError, LogLevel.Debug),
            (RelationalEventId.CommandError, LogLevel.Debug),
            (CoreEventId.QueryIterationFailed, LogLevel.Debug),
            (CoreEventId.SaveChangesFailed, LogLevel.Debug)));
    }

    /// <summary>Makes sure the SQLite file's folder exists, so a fresh checkout just runs.</summary>
    private static string PrepareSqlite(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (!string.IsNullOrEmpty(builder.DataSource) && builder.DataSource != ":memory:" && builder.Mode != SqliteOpenMode.Memory)
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
            if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        }
        return builder.ToString();
    }

    public static async Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CarrierLinkDb>();
        // Nodes starting together on a fresh database each applied the same migration ("column already
        // exists"); one at a time, the later ones find everything applied.
        await using (await scope.ServiceProvider.GetRequiredService<NodeLocks>().AcquireAsync("carrierlink-migrations", TimeSpan.FromMinutes(5), cancellationToken))
        {
            await Migrations.Legacy.LegacyMigrationsDb.BringUpToBaselineAsync(db, cancellationToken);
            await db.Database.MigrateAsync(cancellationToken);
        }
        if (db.Database.IsSqlite())
        {
            // WAL lets the pages read while a token refresh writes.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }
}
