using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CarrierLink.Web.Accounts;

/// <summary>
/// Tells <see cref="AccountSnapshots"/> when this node writes to carrier_accounts, however it writes: SaveChanges,
/// ExecuteUpdate or the health engine's own SQL all reach the database as commands. A write inside a transaction is
/// told again when the transaction commits, because a read between the command and the commit still sees the old row.
/// </summary>
public sealed partial class AccountWriteWatcher(AccountSnapshots snapshots) : DbCommandInterceptor, IDbTransactionInterceptor
{
    private static readonly object Marked = new();
    private readonly ConditionalWeakTable<DbTransaction, object> _writingTransactions = new();

    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        Saw(command);
        return result;
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        Saw(command);
        return ValueTask.FromResult(result);
    }

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Saw(command);
        return result;
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Saw(command);
        return ValueTask.FromResult(result);
    }

    public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
    {
        Saw(command);
        return result;
    }

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
    {
        Saw(command);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Committed(transaction);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Committed(transaction);
        return Task.CompletedTask;
    }

    private void Saw(DbCommand command)
    {
        if (!WritesAccounts(command.CommandText)) return;
        snapshots.AccountsChanged();
        if (command.Transaction is { } transaction) _writingTransactions.AddOrUpdate(transaction, Marked);
    }

    private void Committed(DbTransaction transaction)
    {
        if (_writingTransactions.Remove(transaction)) snapshots.AccountsChanged();
    }

    /// <summary>Errs on the side of "yes": a batch that names the table and writes anything empties the cache.</summary>
    public static bool WritesAccounts(string sql) =>
        sql.Contains("carrier_accounts", StringComparison.OrdinalIgnoreCase) && Writes().IsMatch(sql);

    // Whole words, so a column such as updated_at in a plain read is not taken for a write.
    [GeneratedRegex(@"\b(UPDATE|DELETE|INSERT|MERGE|TRUNCATE|ALTER|DROP)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Writes();
}
