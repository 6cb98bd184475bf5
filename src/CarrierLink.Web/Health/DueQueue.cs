using CarrierLink.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CarrierLink.Web.Health;

/// <summary>An account a worker claimed, and why it was due.</summary>
public sealed record ClaimedAccount(Guid Id, string Carrier, string? DueReason);

/// <summary>
/// The due-queue lives on carrier_accounts (next_due_at, due_reason) with a partial index on the due
/// column, so a claim reads only due rows and its cost follows the number due, not the total. A
/// claim pushes next_due_at forward before anyone calls a carrier: a node that dies mid-check gives
/// its accounts back when the claim runs out. On PostgreSQL, FOR UPDATE SKIP LOCKED lets any number
/// of nodes claim at once without waiting on each other or taking the same account.
/// </summary>
public static class DueQueue
{
    private const string PostgresClaim = """
        UPDATE carrier_accounts AS a SET next_due_at = {0}
        FROM (SELECT id FROM carrier_accounts WHERE next_due_at <= {1} ORDER BY next_due_at LIMIT {2} FOR UPDATE SKIP LOCKED) AS due
        WHERE a.id = due.id
        RETURNING a.id AS "Id", a.carrier AS "Carrier", a.due_reason AS "DueReason"
        """;

    // Note: SQLite has one writer at a time, so the UPDATE itself is the claim.
    private const string SqliteClaim = """
        UPDATE carrier_accounts SET next_due_at = {0}
        WHERE id IN (SELECT id FROM carrier_accounts WHERE next_due_at <= {1} ORDER BY next_due_at LIMIT {2})
        RETURNING id AS "Id", carrier AS "Carrier", due_reason AS "DueReason"
        """;

    public static Task<List<ClaimedAccount>> ClaimAsync(CarrierLinkDb db, DateTime now, int batchSize, DateTime claimedUntil, CancellationToken cancellationToken) =>
        db.Database.SqlQueryRaw<ClaimedAccount>(db.Database.IsNpgsql() ? PostgresClaim : SqliteClaim, claimedUntil, now, batchSize)
            .ToListAsync(cancellationToken);

    /// <summary>How many accounts are due now and when the most overdue one was due.</summary>
    public static async Task<(int Due, DateTime? Oldest)> BacklogAsync(CarrierLinkDb db, DateTime now, CancellationToken cancellationToken)
    {
        var due = db.CarrierAccounts.Where(a => a.NextDueAt <= now);
        return (await due.CountAsync(cancellationToken), await due.MinAsync(a => a.NextDueAt, cancellationToken));
    }

    /// <summary>
    /// Sets when the account is next due (null takes it out of the queue) and, when the carrier was just
    /// asked, when it was checked, in one statement. If the account changed since its facts were read,
    /// it is planned again at once from its new facts instead.
    /// </summary>
    public static async Task ScheduleAsync(CarrierLinkDb db, Guid accountId, long version, Due? next, DateTime? checkedAt, CancellationToken cancellationToken)
    {
        var at = next?.At;
        var reason = next?.Reason;
        var set = await db.CarrierAccounts.Where(a => a.Id == accountId && a.Version == version)
            .ExecuteUpdateAsync(a =>
            {
                a.SetProperty(x => x.NextDueAt, at).SetProperty(x => x.DueReason, reason);
                if (checkedAt is not null) a.SetProperty(x => x.LastCheckedAt, checkedAt);
            }, cancellationToken);
        if (set == 0) await PlanSoonAsync(db, accountId, checkedAt, cancellationToken);
    }

    public static Task<int> PlanSoonAsync(CarrierLinkDb db, Guid accountId, DateTime? checkedAt, CancellationToken cancellationToken)
    {
        var now = db.UtcNow;
        return db.CarrierAccounts.Where(a => a.Id == accountId && a.State != ConnectionState.Disconnected && a.State != ConnectionState.Pending)
            .ExecuteUpdateAsync(a =>
            {
                a.SetProperty(x => x.NextDueAt, now).SetProperty(x => x.DueReason, DueReasons.Plan);
                if (checkedAt is not null) a.SetProperty(x => x.LastCheckedAt, checkedAt);
            }, cancellationToken);
    }
}
