using System.ComponentModel.DataAnnotations;

namespace CarrierLink.Web.Notifications.Webhooks;

public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>How long a receiver has to answer an attempt; Standard Webhooks recommends 15 to 30 seconds.</summary>
    [Range(1, 120)] public int TimeoutSeconds { get; set; } = 15;

    /// <summary>Deliveries one worker claims at a time.</summary>
    [Range(1, 1000)] public int BatchSize { get; set; } = 20;

    /// <summary>How many endpoints one worker sends to at once; each endpoint gets one request at a time from a node.</summary>
    [Range(1, 100)] public int Concurrency { get; set; } = 8;

    /// <summary>
    /// An endpoint that has answered nothing but failures for this long is turned off and its merchant's users are
    /// mailed. Five days: longer than one event's whole retry schedule (about three days), so only an endpoint that
    /// kept failing across several events' schedules is turned off.
    /// </summary>
    [Range(1, 60)] public int DisableAfterFailingDays { get; set; } = 5;

    /// <summary>How long the previous secret keeps signing after a rotation unless the request names a grace period.</summary>
    [Range(0, MaxRotationGraceHours)] public int RotationGraceHours { get; set; } = 24;

    public const int MaxRotationGraceHours = 24 * 7;

    [Range(1, 1000)] public int MaxEndpointsPerMerchant { get; set; } = 20;

    /// <summary>How long the delivery log keeps a finished delivery and its attempts, counted from when it was made.</summary>
    [Range(1, 3650)] public int KeepDeliveriesDays { get; set; } = 30;

    /// <summary>
    /// Multiplies the retry schedule's waits (a receiver's Retry-After is honoured as it is): 1 in production. For tests and
    /// benchmarks only, where a receiver failing half the time would keep a run going for the schedule's three days.
    /// </summary>
    [Range(0.00001, 1.0)] public double RetryScheduleScale { get; set; } = 1;

    /// <summary>
    /// Plain http to a loopback address (a receiver on the developer's own machine). Unset: allowed in Development and
    /// Testing only; every other endpoint must be https.
    /// </summary>
    public bool? AllowHttpToLoopback { get; set; }

    /// <summary>
    /// Endpoints on loopback, private, link-local (cloud metadata) and other non-public addresses, checked when the URL
    /// is saved and again on every connection (a name may resolve elsewhere later). Unset: allowed in Development and
    /// Testing only, so a merchant cannot make CarrierLink call into its own network (SSRF).
    /// </summary>
    public bool? AllowPrivateAddresses { get; set; }
}
