using Microsoft.Data.Sqlite;

namespace CarrierLink.Bench.Stack;

/// <summary>
/// <see cref="AccountCloner"/> for the SQLite file: one real account copied N times with INSERT ... SELECT, account and
/// credential rows alike, columns read from the live schema, overrides as SQL over the clone number <c>clone.n</c>.
/// Ids are new GUIDs as EF Core writes them on SQLite (upper-case text). The clones share the template's encrypted
/// tokens: the sandbox would refuse all but the first refresh; the stand-in carrier (issue 12) takes any.
/// </summary>
public static class SqliteAccountCloner
{
    private const string NewGuid =
        "upper(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' || "
        + "substr('89AB', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))";

    /// <returns>The number of accounts inserted.</returns>
    public static async Task<int> CloneAsync(string connectionString, Guid templateAccountId, int count,
        IReadOnlyDictionary<string, string>? accountOverrides, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(connectionString + ";Pooling=False");
        await connection.OpenAsync(cancellationToken);
        var accountColumns = await ColumnsAsync(connection, "carrier_accounts", cancellationToken);
        var credentialColumns = await ColumnsAsync(connection, "carrier_credentials", cancellationToken);
        var overrides = new Dictionary<string, string>(accountOverrides ?? new Dictionary<string, string>(), StringComparer.Ordinal) { ["id"] = "clone.id" };
        foreach (var column in overrides.Keys.Where(c => !accountColumns.Contains(c)))
            throw new ArgumentException($"carrier_accounts has no column '{column}'.", nameof(accountOverrides));

        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, $"""
            CREATE TEMP TABLE clone AS
            WITH RECURSIVE numbers(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM numbers WHERE n < @count)
            SELECT n, {NewGuid} AS id FROM numbers
            """, cancellationToken, ("count", count));
        var inserted = await ExecuteAsync(connection, transaction, $"""
            INSERT INTO carrier_accounts ({string.Join(", ", accountColumns.Select(Quote))})
            SELECT {string.Join(", ", accountColumns.Select(c => overrides.TryGetValue(c, out var expression) ? expression : "template." + Quote(c)))}
            FROM clone CROSS JOIN carrier_accounts AS template WHERE upper(template.id) = @template
            """, cancellationToken, ("template", templateAccountId.ToString().ToUpperInvariant()));
        await ExecuteAsync(connection, transaction, $"""
            INSERT INTO carrier_credentials ({string.Join(", ", credentialColumns.Select(Quote))})
            SELECT {string.Join(", ", credentialColumns.Select(c => c == "account_id" ? "clone.id" : "template." + Quote(c)))}
            FROM clone CROSS JOIN carrier_credentials AS template WHERE upper(template.account_id) = @template
            """, cancellationToken, ("template", templateAccountId.ToString().ToUpperInvariant()));
        await ExecuteAsync(connection, transaction, "DROP TABLE clone", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return inserted;
    }

    private static async Task<List<string>> ColumnsAsync(SqliteConnection connection, string table, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM pragma_table_xinfo(@table) WHERE hidden = 0 ORDER BY cid";
        command.Parameters.AddWithValue("table", table);
        var columns = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) columns.Add(reader.GetString(0));
        return columns;
    }

    private static async Task<int> ExecuteAsync(SqliteConnection connection, SqliteTransaction transaction, string sql, CancellationToken cancellationToken,
        params (string Name, object Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.CommandTimeout = 600;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string Quote(string column) => "\"" + column.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
