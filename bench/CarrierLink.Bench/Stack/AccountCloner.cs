using Npgsql;

namespace CarrierLink.Bench.Stack;

/// <summary>
/// Seeds many accounts fast for P3 (1,000,000 in PostgreSQL): one real account, connected through
/// the sign-in pages, is copied N times inside the database with INSERT ... SELECT generate_series,
/// account and credential rows alike. The column lists are read from the live schema, so columns the
/// health engine adds (next_due_at, say) are copied too, or set per clone with an override
/// expression over the clone number <c>clone.n</c> (1..N), e.g.
/// <c>["next_due_at"] = "CASE WHEN clone.n % 100 = 0 THEN now() ELSE now() + interval '8 hours' END"</c>.
/// The clones share the template's encrypted tokens: fine for timing queries, not for calling the carrier.
/// </summary>
public static class AccountCloner
{
    /// <returns>The number of accounts inserted.</returns>
    public static async Task<int> CloneAsync(NpgsqlConnection connection, Guid templateAccountId, int count,
        IReadOnlyDictionary<string, string>? accountOverrides, CancellationToken cancellationToken)
    {
        var accountColumns = await ColumnsAsync(connection, "carrier_accounts", cancellationToken);
        var credentialColumns = await ColumnsAsync(connection, "carrier_credentials", cancellationToken);
        var overrides = new Dictionary<string, string>(accountOverrides ?? new Dictionary<string, string>(), StringComparer.Ordinal) { ["id"] = "clone.id" };
        foreach (var column in overrides.Keys.Where(c => !accountColumns.Contains(c)))
            throw new ArgumentException($"carrier_accounts has no column '{column}'.", nameof(accountOverrides));

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, """
            CREATE TEMP TABLE clone ON COMMIT DROP AS
            SELECT n, gen_random_uuid() AS id FROM generate_series(1, @count) AS n
            """, cancellationToken, ("count", count));
        var inserted = await ExecuteAsync(connection, transaction, $"""
            INSERT INTO carrier_accounts ({string.Join(", ", accountColumns.Select(Quote))})
            SELECT {string.Join(", ", accountColumns.Select(c => overrides.TryGetValue(c, out var expression) ? expression : "template." + Quote(c)))}
            FROM clone CROSS JOIN carrier_accounts AS template WHERE template.id = @template
            """, cancellationToken, ("template", templateAccountId));
        await ExecuteAsync(connection, transaction, $"""
            INSERT INTO carrier_credentials ({string.Join(", ", credentialColumns.Select(Quote))})
            SELECT {string.Join(", ", credentialColumns.Select(c => c == "account_id" ? "clone.id" : "template." + Quote(c)))}
            FROM clone CROSS JOIN carrier_credentials AS template WHERE template.account_id = @template
            """, cancellationToken, ("template", templateAccountId));
        await transaction.CommitAsync(cancellationToken);
        // Fresh statistics, so the claim query is planned for the table as it now is.
        await ExecuteAsync(connection, null, "ANALYZE carrier_accounts; ANALYZE carrier_credentials", cancellationToken);
        return inserted;
    }

    private static async Task<List<string>> ColumnsAsync(NpgsqlConnection connection, string table, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = @table AND is_generated = 'NEVER' ORDER BY ordinal_position",
            connection);
        command.Parameters.AddWithValue("table", table);
        var columns = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) columns.Add(reader.GetString(0));
        return columns;
    }

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken,
        params (string Name, object Value)[] parameters)
    {
        // Seeding a million rows takes longer than Npgsql's default 30 s on a busy machine.
        await using var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 600 };
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string Quote(string column) => "\"" + column.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
