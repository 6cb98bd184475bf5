using CarrierLink.Web.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CarrierLink.Tests.Support;

public enum StoreProvider { Sqlite, Postgres }

/// <summary>
/// A fresh, empty database per test stack: an SQLite file in a temp folder, or a new database on
/// the PostgreSQL cluster the test script started (CARRIERLINK_TEST_POSTGRES).
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "CARRIERLINK_TEST_POSTGRES";

    private readonly string? _adminConnectionString;
    private readonly string? _databaseName;

    private TestDatabase(StoreProvider provider, string connectionString, string? sqlitePath, string? admin, string? name)
    {
        Provider = provider;
        ConnectionString = connectionString;
        SqlitePath = sqlitePath;
        _adminConnectionString = admin;
        _databaseName = name;
    }

    public StoreProvider Provider { get; }
    public string ConnectionString { get; }
    public string? SqlitePath { get; }
    public string ProviderName => Provider == StoreProvider.Postgres ? "postgres" : "sqlite";

    /// <param name="postgresAdmin">Another cluster than the suite's (a <see cref="PrivatePostgres"/>), or null for the suite's.</param>
    public static async Task<TestDatabase> CreateAsync(StoreProvider provider, string folder, string? postgresAdmin = null)
    {
        if (provider == StoreProvider.Sqlite)
        {
            var path = Path.Combine(folder, "carrierlink.db");
            return new TestDatabase(provider, $"Data Source={path}", path, null, null);
        }
        var admin = postgresAdmin ?? Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrWhiteSpace(admin))
            throw new InvalidOperationException($"{PostgresVariable} is not set: run the suite with scripts/test.sh, which starts a private PostgreSQL.");
        var name = "cl_test_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name };
        return new TestDatabase(provider, builder.ConnectionString, null, admin, name);
    }

    /// <summary>A context of this store's type on the database, made by hand as another node or tool would, without the app.</summary>
    public CarrierLinkDb NewContext() => Provider == StoreProvider.Postgres
        ? new PostgresCarrierLinkDb(new DbContextOptionsBuilder<PostgresCarrierLinkDb>().UseNpgsql(ConnectionString).Options)
        : new SqliteCarrierLinkDb(new DbContextOptionsBuilder<SqliteCarrierLinkDb>().UseSqlite(ConnectionString).Options);

    public async ValueTask DisposeAsync()
    {
        if (_adminConnectionString is null) return;
        using (var ours = new NpgsqlConnection(ConnectionString)) NpgsqlConnection.ClearPool(ours);
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_databaseName}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
