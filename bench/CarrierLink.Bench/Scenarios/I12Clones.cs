using System.Data.Common;
using System.Globalization;
using CarrierLink.Bench.Stack;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace CarrierLink.Bench.Scenarios;

/// <summary>
/// i12-hot-path's many accounts: one connected account copied N times in the database (AccountCloner on PostgreSQL,
/// SqliteAccountCloner on SQLite), named "i12 clone n". They share one refresh token, which only the stand-in carrier
/// accepts over and over, so they are made only once the node talks to the stand-in, and made due a day from now so
/// that the health engine leaves them alone until the refresh sweep makes them all due at once (as p3-refresh-rate does).
/// The same SQL runs on both stores: timestamps go as parameters, which both providers write as EF Core does.
/// </summary>
public static class I12Clones
{
    private const string Named = "nickname LIKE 'i12 clone %'";

    public static async Task<IReadOnlyList<Guid>> CreateAsync(BenchStack stack, Guid template, int count, CancellationToken cancellationToken)
    {
        var nickname = "'i12 clone ' || clone.n";
        if (stack.Database.Kind == StoreKind.Postgres)
        {
            await using var connection = await stack.Postgres!.OpenAsync(cancellationToken);
            await AccountCloner.CloneAsync(connection, template, count, new Dictionary<string, string>
            {
                ["nickname"] = nickname,
                ["next_due_at"] = "now() + interval '1 day'",
            }, cancellationToken);
        }
        else
        {
            var tomorrow = DateTime.UtcNow.AddDays(1).ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
            await SqliteAccountCloner.CloneAsync(stack.Database.ConnectionString, template, count, new Dictionary<string, string>
            {
                ["nickname"] = nickname,
                ["next_due_at"] = $"'{tomorrow}'",
            }, cancellationToken);
        }
        await using var db = await OpenAsync(stack.Database, cancellationToken);
        await using var command = db.CreateCommand();
        command.CommandText = $"SELECT CAST(id AS TEXT) FROM carrier_accounts WHERE {Named}";
        var ids = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) ids.Add(Guid.Parse(reader.GetString(0)));
        return ids;
    }

    /// <summary>Every clone's access token expired and the account due now for a renewal ahead of expiry: each renewal is a real refresh.</summary>
    public static async Task MakeDueAsync(DbConnection db, CancellationToken cancellationToken)
    {
        var now = DateTime.UtcNow;
        await ExecuteAsync(db, $"UPDATE carrier_credentials SET access_token_expires_at = @now WHERE account_id IN (SELECT id FROM carrier_accounts WHERE {Named})", now, cancellationToken);
        await ExecuteAsync(db, $"UPDATE carrier_accounts SET next_due_at = @now, due_reason = 'refresh_ahead' WHERE {Named}", now, cancellationToken);
    }

    /// <summary>Clones whose stored access token is good for more than an hour: renewed since <see cref="MakeDueAsync"/>.</summary>
    public static async Task<long> RenewedAsync(DbConnection db, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM carrier_credentials WHERE account_id IN (SELECT id FROM carrier_accounts WHERE {Named}) AND access_token_expires_at > @threshold";
        Add(command, "threshold", DateTime.UtcNow.AddHours(1));
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    public static async Task<DbConnection> OpenAsync(DatabaseTarget database, CancellationToken cancellationToken)
    {
        DbConnection connection = database.Kind == StoreKind.Postgres
            ? new NpgsqlConnection(database.ConnectionString + ";Pooling=false;Application Name=carrierlink-bench")
            : new SqliteConnection(database.ConnectionString + ";Pooling=False");
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    private static async Task ExecuteAsync(DbConnection db, string sql, DateTime now, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        Add(command, "now", now);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
