using System.ComponentModel.DataAnnotations;

namespace CarrierLink.Web.Notifications;

public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    /// <summary>Run the outbox dispatcher (and the delivery workers) on this node; any number of nodes may.</summary>
    public bool WorkersEnabled { get; set; } = true;

    /// <summary>How often an idle worker looks for new work.</summary>
    [Range(50, 60_000)] public int PollMilliseconds { get; set; } = 500;

    /// <summary>Messages one claim takes; how long the claim holds before another node may take them over.</summary>
    [Range(1, 10_000)] public int BatchSize { get; set; } = 100;

    [Range(5, 3600)] public int ClaimSeconds { get; set; } = 60;
}
