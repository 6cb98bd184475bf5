using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace CarrierLink.Bench.Stack;

public sealed record RecordedLabel(Guid AccountId, string TrackingNumber, string Status, string? ManifestNumber);

public sealed record RecordedPickup(Guid AccountId, string ConfirmationNumber, string Status);

public sealed record RecordedManifest(Guid AccountId, string ManifestNumber);

public sealed record RecordedKey(Guid AccountId, string Operation, string Status);

/// <summary>CarrierLink's own records of labels, forms, pickups and idempotency keys, as its tables hold them.</summary>
public sealed record CarrierLinkRecords(
    IReadOnlyList<RecordedLabel> Labels, IReadOnlyList<RecordedPickup> Pickups, IReadOnlyList<RecordedManifest> Manifests, IReadOnlyList<RecordedKey> Keys)
{
    /// <summary>
    /// Read straight from the database (PostgreSQL or the SQLite file), not through the API: the figures are about what
    /// CarrierLink has stored, whatever an answer said. The same SQL runs on both; ids are read as text because
    /// SQLite stores them as text and PostgreSQL as uuid.
    /// </summary>
    public static async Task<CarrierLinkRecords> ReadAsync(DatabaseTarget database, CancellationToken cancellationToken)
    {
        await using DbConnection connection = database.Kind == StoreKind.Postgres
            ? new NpgsqlConnection(database.ConnectionString + ";Pooling=false;Application Name=carrierlink-bench")
            : new SqliteConnection(database.ConnectionString + ";Pooling=False");
        await connection.OpenAsync(cancellationToken);
        var labels = await QueryAsync(connection, "SELECT CAST(account_id AS TEXT), tracking_number, status, manifest_number FROM labels",
            r => new RecordedLabel(Guid.Parse(r.GetString(0)), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3)), cancellationToken);
        var pickups = await QueryAsync(connection, "SELECT CAST(account_id AS TEXT), confirmation_number, status FROM pickups",
            r => new RecordedPickup(Guid.Parse(r.GetString(0)), r.GetString(1), r.GetString(2)), cancellationToken);
        var manifests = await QueryAsync(connection, "SELECT CAST(account_id AS TEXT), manifest_number FROM end_of_day_manifests",
            r => new RecordedManifest(Guid.Parse(r.GetString(0)), r.GetString(1)), cancellationToken);
        var keys = await QueryAsync(connection, "SELECT CAST(account_id AS TEXT), operation, status FROM idempotency_records",
            r => new RecordedKey(Guid.Parse(r.GetString(0)), r.GetString(1), r.GetString(2)), cancellationToken);
        return new CarrierLinkRecords(labels, pickups, manifests, keys);
    }

    private static async Task<List<T>> QueryAsync<T>(DbConnection connection, string sql, Func<DbDataReader, T> read, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken)) rows.Add(read(reader));
        return rows;
    }
}
