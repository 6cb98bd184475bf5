using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace CarrierLink.Web.Data;

/// <summary>
/// Tells a database that is briefly unreachable or busy (worth waiting for) from a bug. Callers that
/// must not lose what they hold (a rotated carrier token) retry on these; requests answer 503.
/// </summary>
public static class DatabaseFailures
{
    public static bool IsTransient(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException pg when IsTransientSqlState(pg.SqlState):
                // Npgsql wraps a broken connection (IOException, SocketException) in a transient NpgsqlException.
                case NpgsqlException { IsTransient: true }:
                case SqliteException { SqliteErrorCode: 5 or 6 }: // SQLITE_BUSY, SQLITE_LOCKED
                case TimeoutException:
                case SocketException:
                case Microsoft.EntityFrameworkCore.Storage.RetryLimitExceededException:
                    return true;
            }
        }
        return false;
    }

    /// <summary>Connection exceptions (08), shutdowns (57P0x), too many connections, serialization and deadlock.</summary>
    private static bool IsTransientSqlState(string state) =>
        state.StartsWith("08", StringComparison.Ordinal)
        || state is "57P01" or "57P02" or "57P03" or "53300" or "53400" or "40001" or "40P01" or "55P03";
}
