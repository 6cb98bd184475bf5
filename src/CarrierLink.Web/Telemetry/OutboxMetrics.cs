using System.Diagnostics.Metrics;
using CarrierLink.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CarrierLink.Web.Telemetry;

/// <summary>
/// The notifier's gauges: outbox messages not yet fanned out to webhooks, e-mail and notices, and how long the oldest has
/// waited. A dispatcher counts them at most every <see cref="Every"/> (two indexed reads), so an idle loop polling every
/// half second adds nothing worth measuring. Every node running the dispatcher reports the same shared figures.
/// </summary>
public sealed class OutboxMetrics
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(10);
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private long? _noteStartedAt;
    private Backlog? _last;

    private sealed record Backlog(long Waiting, double OldestAgeSeconds);

    public OutboxMetrics(IMeterFactory meters, TimeProvider time)
    {
        _time = time;
        var meter = meters.Create(CarrierLinkMetrics.MeterName);
        // Note: nothing is reported until a dispatcher has counted (a node without notification workers says nothing, not 0).
        meter.CreateObservableGauge("carrierlink.outbox.waiting", () => Observe(b => b.Waiting), "{message}",
            "Outbox messages not yet dispatched, as last counted.");
        meter.CreateObservableGauge("carrierlink.outbox.oldest_waiting_age", () => Observe(b => b.OldestAgeSeconds), "s",
            "How long the oldest undispatched outbox message has waited, as last counted.");
    }

    /// <summary>Counts the backlog when the last count is older than <see cref="Every"/>; otherwise does nothing.</summary>
    public async Task NoteBacklogAsync(CarrierLinkDb db, DateTime now, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_noteStartedAt is { } started && _time.GetElapsedTime(started) < Every) return;
            _noteStartedAt = _time.GetTimestamp();
        }
        var pending = db.OutboxMessages.Where(m => m.DispatchedAt == null);
        var waiting = await pending.LongCountAsync(cancellationToken);
        var oldest = waiting == 0 ? null : await pending.OrderBy(m => m.Id).Select(m => (DateTime?)m.OccurredAt).FirstOrDefaultAsync(cancellationToken);
        Volatile.Write(ref _last, new Backlog(waiting, oldest is { } at ? Math.Max(0, (now - at).TotalSeconds) : 0));
    }

    private IEnumerable<Measurement<T>> Observe<T>(Func<Backlog, T> read) where T : struct =>
        Volatile.Read(ref _last) is { } last ? [new Measurement<T>(read(last))] : [];
}
