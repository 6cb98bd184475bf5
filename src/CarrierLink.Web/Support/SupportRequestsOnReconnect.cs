using CarrierLink.Web.Accounts;
using CarrierLink.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace CarrierLink.Web.Support;

/// <summary>
/// An account that returns to connected no longer needs Customer Service: its open requests close
/// in the same SaveChanges that stores the state change (so on any node, whichever path reconnected
/// it: an agent, the merchant, a health re-check), each with a timeline entry, and any password
/// the merchant handed over is wiped.
/// </summary>
internal static class SupportRequestsOnReconnect
{
    public static async Task CloseAsync(CarrierLinkDb db, CancellationToken cancellationToken)
    {
        var reconnected = Reconnected(db);
        if (reconnected.Count == 0) return;
        var ids = reconnected.Select(a => a.Id).ToList();
        var open = await db.SupportRequests.Where(r => ids.Contains(r.AccountId) && r.Status == SupportRequestStatuses.Open).ToListAsync(cancellationToken);
        CloseAll(db, reconnected, open);
    }

    public static void Close(CarrierLinkDb db)
    {
        var reconnected = Reconnected(db);
        if (reconnected.Count == 0) return;
        var ids = reconnected.Select(a => a.Id).ToList();
        CloseAll(db, reconnected, db.SupportRequests.Where(r => ids.Contains(r.AccountId) && r.Status == SupportRequestStatuses.Open).ToList());
    }

    private static List<CarrierAccount> Reconnected(CarrierLinkDb db) =>
        db.ChangeTracker.Entries<CarrierAccount>()
            .Where(e => e.State == EntityState.Modified && e.Entity.State == ConnectionState.Connected && CameBack(e))
            .Select(e => e.Entity)
            .ToList();

    private static bool CameBack(EntityEntry<CarrierAccount> entry)
    {
        var state = entry.Property(a => a.State);
        return state.IsModified && state.OriginalValue != ConnectionState.Connected;
    }

    private static void CloseAll(CarrierLinkDb db, List<CarrierAccount> accounts, List<SupportRequest> open)
    {
        foreach (var request in open.Where(r => r.Status == SupportRequestStatuses.Open))
        {
            var account = accounts.First(a => a.Id == request.AccountId);
            // An agent's reconnect writes "support_reconnected" in this same unit of work.
            var agent = db.ChangeTracker.Entries<AccountEvent>()
                .FirstOrDefault(e => e.State == EntityState.Added && e.Entity.AccountId == account.Id && e.Entity.Type == "support_reconnected")?.Entity;
            request.Status = SupportRequestStatuses.Closed;
            request.ClosedAt = db.UtcNow;
            request.ClosedBy = agent?.UserId;
            request.ClosedBecause = agent is null ? SupportRequestClosings.AccountConnected : SupportRequestClosings.SupportReconnected;
            request.Resolution = agent is null ? "The account is connected again." : "Customer Service reconnected the account.";
            request.PasswordCipher = null;
            AccountLedger.Record(db, account, "support_closed",
                agent is null ? "The account is connected again, so the merchant's request was closed." : "Customer Service reconnected the account, so the merchant's request was closed.",
                agent?.UserId);
        }
    }
}
