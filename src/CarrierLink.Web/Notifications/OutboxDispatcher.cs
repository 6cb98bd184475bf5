using CarrierLink.Web.Data;
using CarrierLink.Web.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CarrierLink.Web.Notifications;

/// <summary>
/// Claims pending outbox messages (on any number of nodes) and fans them out to every <see cref="IOutboxConsumer"/> in
/// one transaction with marking them dispatched. A claim is a conditional UPDATE, like the health engine's due-queue:
/// two nodes never hold the same message, a crashed node's claim runs out and another node takes the messages over, and
/// a node whose claim ran out before it saved fails on the claim token instead of fanning out a second time.
/// </summary>
public sealed class OutboxDispatcher(CarrierLinkDb db, IEnumerable<IOutboxConsumer> consumers, IOptions<NotificationOptions> options, OutboxMetrics metrics)
{
    /// <summary>Dispatches one batch; returns how many messages it told (0 when there was nothing to do).</summary>
    public async Task<int> DispatchBatchAsync(CancellationToken cancellationToken)
    {
        var now = db.UtcNow;
        var o = options.Value;
        await metrics.NoteBacklogAsync(db, now, cancellationToken);
        var candidates = await db.OutboxMessages.AsNoTracking()
            .Where(m => m.DispatchedAt == null && (m.ClaimedUntil == null || m.ClaimedUntil < now))
            .OrderBy(m => m.Id).Select(m => m.Id).Take(o.BatchSize).ToListAsync(cancellationToken);
        if (candidates.Count == 0) return 0;

        var token = Guid.NewGuid();
        var until = now.AddSeconds(o.ClaimSeconds);
        await db.OutboxMessages
            .Where(m => candidates.Contains(m.Id) && m.DispatchedAt == null && (m.ClaimedUntil == null || m.ClaimedUntil < now))
            .ExecuteUpdateAsync(m => m.SetProperty(x => x.ClaimToken, token).SetProperty(x => x.ClaimedUntil, until), cancellationToken);
        var claimed = await db.OutboxMessages.Where(m => m.ClaimToken == token && m.DispatchedAt == null).OrderBy(m => m.Id).ToListAsync(cancellationToken);
        if (claimed.Count == 0) return 0;

        foreach (var consumer in consumers) await consumer.FanOutAsync(db, claimed, cancellationToken);
        foreach (var message in claimed)
        {
            message.DispatchedAt = db.UtcNow;
            message.ClaimedUntil = null;
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another node took these over after our claim ran out; it tells them, we tell nothing.
            db.ChangeTracker.Clear();
            return 0;
        }
        db.ChangeTracker.Clear();
        return claimed.Count;
    }

    public async Task<int> DispatchAllAsync(CancellationToken cancellationToken)
    {
        var total = 0;
        while (await DispatchBatchAsync(cancellationToken) is var told and > 0) total += told;
        return total;
    }
}
