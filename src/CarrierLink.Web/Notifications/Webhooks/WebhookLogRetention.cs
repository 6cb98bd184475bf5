using CarrierLink.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CarrierLink.Web.Notifications.Webhooks;

/// <summary>
/// Keeps the delivery log from growing forever: finished deliveries (and, by the foreign key, their attempts) older
/// than Webhooks:KeepDeliveriesDays go, a batch per cycle, looked for at most hourly on each node. A delete names its
/// rows by the condition it chose them with, so nodes sweeping at once delete each row once and nothing pending.
/// </summary>
public sealed class WebhookLogRetention(TimeProvider time, IOptions<WebhookOptions> options)
{
    private const int BatchSize = 1000;
    private static readonly TimeSpan Every = TimeSpan.FromHours(1);
    private readonly Lock _gate = new();
    private DateTimeOffset _nextSweep = DateTimeOffset.MinValue;

    /// <summary>How many deliveries it deleted (0 when it was not yet time, or nothing was old enough).</summary>
    public async Task<int> SweepIfDueAsync(CarrierLinkDb db, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (now < _nextSweep) return 0;
            _nextSweep = now + Every;
        }
        var before = now.UtcDateTime.AddDays(-options.Value.KeepDeliveriesDays);
        var deleted = await db.WebhookDeliveries
            .Where(d => d.Status != WebhookDeliveryStatus.Pending && d.CreatedAt < before)
            .OrderBy(d => d.Id).Take(BatchSize)
            .ExecuteDeleteAsync(cancellationToken);
        // A full batch leaves more to do: sweep again next cycle rather than in an hour.
        if (deleted == BatchSize) lock (_gate) _nextSweep = now;
        return deleted;
    }
}
