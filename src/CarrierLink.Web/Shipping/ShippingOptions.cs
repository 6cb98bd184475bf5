using System.ComponentModel.DataAnnotations;

namespace CarrierLink.Web.Shipping;

public sealed class ShippingOptions
{
    public const string Section = "Shipping";

    /// <summary>Retries of a transient carrier failure before answering carrier-unavailable.</summary>
    [Range(0, 10)] public int TransientRetries { get; set; } = 2;

    /// <summary>First backoff delay; later ones grow exponentially, with jitter.</summary>
    [Range(0, 10_000)] public int RetryBaseDelayMilliseconds { get; set; } = 200;

    /// <summary>A carrier's Retry-After longer than this is passed to the client instead of waited out.</summary>
    [Range(0, 60)] public int MaxRetryAfterSeconds { get; set; } = 5;

    /// <summary>How long a label purchase under one Idempotency-Key counts as still running.</summary>
    [Range(1, 3600)] public int InProgressSeconds { get; set; } = 60;

    /// <summary>
    /// How long an operation stays unknown before the background reconciliation asks the carrier again (a merchant's
    /// own retry usually settles it first). Also how long a claimed one is left alone if its node died mid-way.
    /// </summary>
    [Range(1, 3600)] public int SettleAfterSeconds { get; set; } = 30;

    /// <summary>
    /// An account's last_success_at is written at most once per this many seconds per node (0: on every success):
    /// it says when the carrier last answered, for people and the health engine's schedule, to within this much.
    /// </summary>
    [Range(0, 300)] public int RecordSuccessSeconds { get; set; } = 5;

    /// <summary>Unknown operations settled per health engine cycle on each node.</summary>
    [Range(1, 1000)] public int SettleBatchSize { get; set; } = 20;
}
