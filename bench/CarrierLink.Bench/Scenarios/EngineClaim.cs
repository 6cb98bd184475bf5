using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using CarrierLink.Bench.Stack;
using Npgsql;

namespace CarrierLink.Bench.Scenarios;

/// <summary>
/// The health engine's due-queue claim on PostgreSQL, run directly on a connection: the statement is
/// read from the built app (CarrierLink.Web.Health.DueQueue's PostgresClaim), so the figures time the
/// engine's own SQL and cannot drift from it. EF's {0} {1} {2} become parameters: the claim's end
/// (now + Health:ClaimSeconds, 300 s by default), now, and the batch size.
/// </summary>
public static class EngineClaim
{
    private static readonly Lazy<string> Sql = new(ReadFromApp);

    /// <summary>1% due (every 100th clone, a minute ago, to renew ahead), the rest 8 hours ahead, as freshly renewed USPS accounts are.</summary>
    public static ClaimUnderTest ForP3 { get; } = new(
        new Dictionary<string, string>
        {
            ["next_due_at"] = "CASE WHEN clone.n % 100 = 0 THEN now() - interval '1 minute' ELSE now() + interval '8 hours' END",
            ["due_reason"] = "'refresh_ahead'",
        },
        ClaimAsync,
        ExplainAsync);

    /// <summary>The statement as the engine sends it, with Npgsql parameters.</summary>
    public static string Statement => Sql.Value;

    public static async Task<int> ClaimAsync(NpgsqlConnection connection, int batchSize, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, Sql.Value, batchSize);
        var claimed = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) claimed++;
        return claimed;
    }

    /// <summary>EXPLAIN (ANALYZE, BUFFERS) of one claim; the caller rolls it back.</summary>
    public static async Task<string> ExplainAsync(NpgsqlConnection connection, int batchSize, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, "EXPLAIN (ANALYZE, BUFFERS) " + Sql.Value, batchSize);
        var plan = new StringBuilder();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) plan.AppendLine(reader.GetString(0));
        return plan.ToString();
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, int batchSize)
    {
        var now = DateTime.UtcNow;
        var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("p0", now.AddSeconds(300));
        command.Parameters.AddWithValue("p1", now);
        command.Parameters.AddWithValue("p2", batchSize);
        return command;
    }

    private static string ReadFromApp()
    {
        var builds = AppBuilds.Locate();
        var context = new AssemblyLoadContext("carrierlink-web-claim", isCollectible: true);
        try
        {
            var web = context.LoadFromAssemblyPath(builds.WebDll);
            var field = web.GetType("CarrierLink.Web.Health.DueQueue", throwOnError: true)!
                .GetField("PostgresClaim", BindingFlags.NonPublic | BindingFlags.Static)
                ?? throw new InvalidOperationException("CarrierLink.Web.Health.DueQueue has no PostgresClaim: the claim moved, update EngineClaim.");
            var sql = (string)field.GetRawConstantValue()!;
            return sql.Replace("{0}", "@p0", StringComparison.Ordinal).Replace("{1}", "@p1", StringComparison.Ordinal).Replace("{2}", "@p2", StringComparison.Ordinal);
        }
        finally
        {
            context.Unload();
        }
    }
}
