using System.Diagnostics;
using CarrierLink.Bench.Stack;

namespace CarrierLink.Bench.Scenarios;

/// <summary>What the kill -9 found: deliveries claimed once it landed, those still claimed 10 s later (the dead node's), its restart.</summary>
public sealed record I14KillFigures(int Node, double AtSeconds, int ClaimedAtKill, int HeldByDeadNode, Task<double> Restart);

/// <summary>
/// kill -9 of one node while deliveries are in flight, read from the database: the claims (claim_token) present once the
/// node is dead and still present 10 s later are its own (a live node's batch ends within a second or two); they go back
/// to the queue when they run out. The node is then started again in the background.
/// </summary>
public static class I14Kill
{
    public static async Task<I14KillFigures> KillMidDeliveryAsync(
        BenchStack stack, CarrierLinkNode victim, Guid endpointId, long phaseStart, CancellationToken cancellationToken)
    {
        victim.Kill();
        var at = I14Ledger.Ms(phaseStart, Stopwatch.GetTimestamp()) / 1000;
        var atKill = await ClaimsAsync(stack, endpointId, cancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(10), cancellationToken);
        var later = await ClaimsAsync(stack, endpointId, cancellationToken);
        var held = atKill.Where(c => later.Any(l => l.Token == c.Token)).Sum(c => c.Rows);

        var clock = Stopwatch.StartNew();
        var restart = Task.Run(async () =>
        {
            await victim.StartAsync(migrate: false, cancellationToken);
            return clock.Elapsed.TotalSeconds;
        }, cancellationToken);
        return new I14KillFigures(victim.Index, at, atKill.Sum(c => c.Rows), held, restart);
    }

    private sealed record Claim(Guid Token, int Rows);

    private static async Task<List<Claim>> ClaimsAsync(BenchStack stack, Guid endpointId, CancellationToken cancellationToken)
    {
        await using var connection = await stack.Postgres!.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT claim_token, count(*) FROM webhook_deliveries "
            + "WHERE endpoint_id = @endpoint AND claim_token IS NOT NULL GROUP BY claim_token";
        command.Parameters.AddWithValue("endpoint", endpointId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var claims = new List<Claim>();
        while (await reader.ReadAsync(cancellationToken)) claims.Add(new Claim(reader.GetGuid(0), (int)reader.GetInt64(1)));
        return claims;
    }
}
