using System.Data.Common;
using CarrierLink.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CarrierLink.Tests.Store;

/// <summary>
/// What a database's schema is, as lines that compare: every table's columns (type, nullability), primary and foreign
/// keys and indexes, read from the store's own catalogue. EF's history and lock tables are not part of it.
/// </summary>
public static class StoreSchema
{
    public static async Task<IReadOnlyList<string>> ReadAsync(CarrierLinkDb db)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open) await connection.OpenAsync();
        var lines = db.Database.IsNpgsql() ? await PostgresAsync(connection) : await SqliteAsync(connection);
        return lines.Where(l => !l.Contains("__EFMigrations", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>The lines only one side has, each marked with the side ("-" expected, "+" actual); empty when they agree.</summary>
    public static string Differences(IReadOnlyList<string> expected, IReadOnlyList<string> actual) =>
        string.Join("\n", expected.Except(actual).Select(l => "- " + l).Concat(actual.Except(expected).Select(l => "+ " + l)));

    private static async Task<List<string>> SqliteAsync(DbConnection connection)
    {
        var lines = new List<string>();
        foreach (var table in await QueryAsync(connection, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"))
        {
            var name = table[0];
            foreach (var c in await QueryAsync(connection, $"SELECT name, type, \"notnull\", pk FROM pragma_table_info('{name}')"))
                lines.Add($"column {name}.{c[0]} {c[1]} notnull={c[2]} pk={c[3]}");
            foreach (var fk in await QueryAsync(connection, $"SELECT \"table\", \"from\", \"to\", on_delete FROM pragma_foreign_key_list('{name}')"))
                lines.Add($"foreign key {name}.{fk[1]} -> {fk[0]}.{fk[2]} on delete {fk[3]}");
            foreach (var index in await QueryAsync(connection, $"SELECT name, \"unique\", origin, partial FROM pragma_index_list('{name}')"))
            {
                var columns = await QueryAsync(connection, $"SELECT name FROM pragma_index_info('{index[0]}') ORDER BY seqno");
                // Note: SQLite names the indexes behind primary keys and UNIQUE constraints itself (sqlite_autoindex_<table>_N).
                var indexName = index[0].StartsWith("sqlite_autoindex_", StringComparison.Ordinal) ? "(automatic)" : index[0];
                lines.Add($"index {name} {indexName} ({string.Join(", ", columns.Select(c => c[0]))}) unique={index[1]} origin={index[2]} partial={index[3]}");
            }
        }
        return lines;
    }

    private static async Task<List<string>> PostgresAsync(DbConnection connection)
    {
        var lines = new List<string>();
        foreach (var c in await QueryAsync(connection,
            "SELECT table_name, column_name, data_type, coalesce(character_maximum_length::text, ''), is_nullable, coalesce(identity_generation, '') "
            + "FROM information_schema.columns WHERE table_schema = 'public'"))
            lines.Add($"column {c[0]}.{c[1]} {c[2]}({c[3]}) nullable={c[4]} identity={c[5]}");
        foreach (var k in await QueryAsync(connection,
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = 'public'::regnamespace"))
            lines.Add($"constraint {k[0]} {k[1]} {k[2]}");
        foreach (var i in await QueryAsync(connection, "SELECT tablename, indexdef FROM pg_indexes WHERE schemaname = 'public'"))
            lines.Add($"index {i[0]} {i[1]}");
        return lines;
    }

    private static async Task<List<string[]>> QueryAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string[]>();
        while (await reader.ReadAsync())
            rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "null" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)!).ToArray());
        return rows;
    }
}
