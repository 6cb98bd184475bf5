using CarrierLink.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CarrierLink.Web.Notifications;

/// <summary>
/// Called by <see cref="CarrierLinkDb"/> before every save: each timeline entry being added that the outside world hears
/// about becomes an outbox message in the same SaveChanges, whoever added the entry (the state machine, the incident
/// detector, the refresh lease, support requests).
/// </summary>
public static class Outbox
{
    public static async Task CaptureAsync(CarrierLinkDb db, CancellationToken cancellationToken)
    {
        var events = AddedEvents(db);
        if (events.Count == 0) return;
        var accounts = Tracked(db);
        var missing = Missing(events, accounts);
        if (missing.Count > 0)
            foreach (var account in await db.CarrierAccounts.AsNoTracking().Where(a => missing.Contains(a.Id)).ToListAsync(cancellationToken))
                accounts[account.Id] = account;
        Add(db, events, accounts);
    }

    public static void Capture(CarrierLinkDb db)
    {
        var events = AddedEvents(db);
        if (events.Count == 0) return;
        var accounts = Tracked(db);
        var missing = Missing(events, accounts);
        if (missing.Count > 0)
            foreach (var account in db.CarrierAccounts.AsNoTracking().Where(a => missing.Contains(a.Id)).ToList())
                accounts[account.Id] = account;
        Add(db, events, accounts);
    }

    private static List<(AccountEvent Entry, string Type)> AddedEvents(CarrierLinkDb db) =>
        db.ChangeTracker.Entries<AccountEvent>()
            .Where(e => e.State == EntityState.Added)
            .Select(e => (e.Entity, Type: NotificationEvents.OfTimeline(e.Entity.Type)))
            .Where(e => e.Type is not null)
            .Select(e => (e.Entity, e.Type!))
            // One change can write two timeline entries that tell the same (an agent's reconnect: "support_reconnected" and
            // "reconnected"): the outside world hears it once.
            .DistinctBy(e => (e.Entity.AccountId, e.Item2))
            .ToList();

    /// <summary>The accounts as they will be once saved: the tracked copies; the others are read as stored.</summary>
    private static Dictionary<Guid, CarrierAccount> Tracked(CarrierLinkDb db) =>
        db.ChangeTracker.Entries<CarrierAccount>().ToDictionary(e => e.Entity.Id, e => e.Entity);

    private static List<Guid> Missing(List<(AccountEvent Entry, string Type)> events, Dictionary<Guid, CarrierAccount> accounts) =>
        events.Select(e => e.Entry.AccountId).Where(id => !accounts.ContainsKey(id)).Distinct().ToList();

    private static void Add(CarrierLinkDb db, List<(AccountEvent Entry, string Type)> events, Dictionary<Guid, CarrierAccount> accounts)
    {
        foreach (var (entry, type) in events)
        {
            if (!accounts.TryGetValue(entry.AccountId, out var account)) continue;
            var healthy = account.State is ConnectionState.Connected or ConnectionState.Pending;
            db.OutboxMessages.Add(new OutboxMessage
            {
                MerchantId = account.MerchantId,
                AccountId = account.Id,
                Type = type,
                OccurredAt = entry.At,
                Carrier = account.Carrier,
                Nickname = account.Nickname,
                State = account.State.ToSlug(),
                Reason = healthy ? null : account.StateReason,
                ReasonCode = healthy ? null : account.StateReasonCode,
                Detail = entry.Detail,
            });
        }
    }
}
