using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace BareHop;

public sealed record StoredLabel(string Status, string? TrackingNumber, decimal? Postage);

/// <summary>
/// The hop's durable state in plain ADO.NET, one statement per write, each its own committed transaction, the same SQL
/// on both stores: the idempotency rows of label purchases and the refresh-token rows. On SQLite (one writer at a
/// time) the file is in WAL mode, as CarrierLink's, so reads never wait for a write, and writes queue on an async gate
/// in this process rather than in SQLite's busy handler, which sleeps a thread between tries; busy_timeout stays as a
/// backstop. SQLite's default synchronous setting is kept (CarrierLink's too), so a commit is as durable as its.
/// </summary>
public sealed class HopStore
{
    private readonly Func<CancellationToken, ValueTask<DbConnection>> _open;
    private readonly bool _sqlite;
    private readonly SemaphoreSlim? _writes;

    private HopStore(Func<CancellationToken, ValueTask<DbConnection>> open, bool sqlite)
    {
        _open = open;
        _sqlite = sqlite;
        _writes = sqlite ? new SemaphoreSlim(1, 1) : null;
    }

    public static HopStore Create(HopSettings settings)
    {
        if (settings.Store == "postgres")
        {
            var source = NpgsqlDataSource.Create(settings.Connection);
            return new HopStore(async ct => await source.OpenConnectionAsync(ct), sqlite: false);
        }
        var connectionString = new SqliteConnectionStringBuilder(settings.Connection) { Pooling = true }.ToString();
        return new HopStore(async ct =>
        {
            var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync(ct);
            await using var busy = connection.CreateCommand();
            busy.CommandText = "PRAGMA busy_timeout = 5000";
            await busy.ExecuteNonQueryAsync(ct);
            return connection;
        }, sqlite: true);
    }

    public async Task CreateSchemaAsync(int refreshRows, CancellationToken cancellationToken)
    {
        await using var connection = await _open(cancellationToken);
        if (_sqlite) await ExecuteAsync(connection, "PRAGMA journal_mode = WAL", cancellationToken);
        var (timestamp, blob, money) = _sqlite ? ("TEXT", "BLOB", "TEXT") : ("timestamptz", "bytea", "numeric");
        await ExecuteAsync(connection, $"""
            CREATE TABLE IF NOT EXISTS hop_labels (
                idempotency_key TEXT PRIMARY KEY, request_json TEXT NOT NULL, status TEXT NOT NULL,
                tracking_number TEXT, postage {money}, label_pdf {blob}, created_at {timestamp} NOT NULL, updated_at {timestamp} NOT NULL)
            """, cancellationToken);
        await ExecuteAsync(connection, $"""
            CREATE TABLE IF NOT EXISTS hop_tokens (n INTEGER PRIMARY KEY, access_token TEXT NOT NULL, refresh_token TEXT NOT NULL, expires_at {timestamp} NOT NULL)
            """, cancellationToken);

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var seed = connection.CreateCommand();
        seed.Transaction = transaction;
        seed.CommandText = "INSERT INTO hop_tokens (n, access_token, refresh_token, expires_at) VALUES (@n, @access, @refresh, @expires) ON CONFLICT (n) DO NOTHING";
        var n = Add(seed, "n", 0);
        var access = Add(seed, "access", "");
        var refresh = Add(seed, "refresh", "");
        Add(seed, "expires", DateTime.UtcNow);
        for (var i = 1; i <= refreshRows; i++)
        {
            (n.Value, access.Value, refresh.Value) = (i, $"seed-access-{i}", $"seed-refresh-{i}");
            await seed.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The first write of a purchase: the request, under its key, before the carrier is asked. False when the key exists.</summary>
    public Task<bool> TryStartLabelAsync(string key, string requestJson, CancellationToken cancellationToken) =>
        WriteAsync("INSERT INTO hop_labels (idempotency_key, request_json, status, created_at, updated_at) VALUES (@key, @request, 'in_progress', @now, @now) ON CONFLICT (idempotency_key) DO NOTHING",
            cancellationToken, ("key", key), ("request", requestJson), ("now", DateTime.UtcNow));

    /// <summary>The second write: what the carrier sold, so a repeat of the key answers it without buying again.</summary>
    public Task<bool> CompleteLabelAsync(string key, BoughtLabel label, CancellationToken cancellationToken) =>
        WriteAsync("UPDATE hop_labels SET status = 'completed', tracking_number = @tracking, postage = @postage, label_pdf = @pdf, updated_at = @now WHERE idempotency_key = @key",
            cancellationToken, ("key", key), ("tracking", label.TrackingNumber), ("postage", label.Postage), ("pdf", label.Pdf), ("now", DateTime.UtcNow));

    /// <summary>Nothing was bought: the key is free again (only on a failure, so not part of the floor).</summary>
    public Task<bool> ForgetLabelAsync(string key, CancellationToken cancellationToken) =>
        WriteAsync("DELETE FROM hop_labels WHERE idempotency_key = @key AND status = 'in_progress'", cancellationToken, ("key", key));

    public async Task<StoredLabel?> FindLabelAsync(string key, CancellationToken cancellationToken)
    {
        await using var connection = await _open(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT status, tracking_number, postage FROM hop_labels WHERE idempotency_key = @key";
        Add(command, "key", key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        return new StoredLabel(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetDecimal(2));
    }

    public async Task<string?> RefreshTokenAsync(int n, CancellationToken cancellationToken)
    {
        await using var connection = await _open(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT refresh_token FROM hop_tokens WHERE n = @n";
        Add(command, "n", n);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    /// <summary>The refresh's one write: the pair the carrier just rotated to (the old refresh token no longer works).</summary>
    public Task<bool> StoreTokensAsync(int n, Tokens tokens, CancellationToken cancellationToken) =>
        WriteAsync("UPDATE hop_tokens SET access_token = @access, refresh_token = @refresh, expires_at = @expires WHERE n = @n",
            cancellationToken, ("n", n), ("access", tokens.AccessToken), ("refresh", tokens.RefreshToken), ("expires", tokens.ExpiresAt));

    /// <returns>True when the statement changed a row.</returns>
    private async Task<bool> WriteAsync(string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var connection = await _open(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) Add(command, name, value);
        if (_writes is null) return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
        await _writes.WaitAsync(cancellationToken);
        try
        {
            return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
        }
        finally
        {
            _writes.Release();
        }
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static DbParameter Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
