using CarrierLink.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CarrierLink.Web.Health;

/// <summary>
/// How many accounts each carrier has in each connection state, for the carrierlink.accounts gauge. A GROUP BY over
/// every account, so the engine takes it at most once a minute (see <see cref="HealthMetrics.CensusDue"/>).
/// </summary>
public static class AccountCensus
{
    public sealed record Line(string Carrier, ConnectionState State, long Accounts);

    public static async Task<IReadOnlyList<Line>> TakeAsync(CarrierLinkDb db, CancellationToken cancellationToken) =>
        await db.CarrierAccounts.AsNoTracking()
            .GroupBy(a => new { a.Carrier, a.State })
            .Select(g => new Line(g.Key.Carrier, g.Key.State, g.LongCount()))
            .ToListAsync(cancellationToken);
}
