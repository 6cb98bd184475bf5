namespace CarrierLink.Web.Notifications;

/// <summary>
/// The connection events the outside world hears about (issue 14): webhooks, email and in-app notices. Each comes from
/// one timeline entry (account_events), so it is written in the same unit of work as the change it reports.
/// </summary>
public static class NotificationEvents
{
    public const string Connected = "account.connected";
    public const string NeedsReconnect = "account.needs_reconnect";
    public const string Reconnected = "account.reconnected";
    public const string SupportRequired = "account.support_required";
    public const string Suspended = "account.suspended";
    public const string Restored = "account.restored";
    public const string ExpiringSoon = "account.expiring_soon";
    public const string IncidentOpened = "account.incident_opened";
    public const string IncidentClosed = "account.incident_closed";
    public const string SupportRequestOpened = "account.support_request_opened";
    public const string SupportRequestClosed = "account.support_request_closed";
    public const string Removed = "account.removed";

    /// <summary>Timeline entry type → event type; timeline entries not listed (renames, snoozes...) tell nobody.</summary>
    private static readonly Dictionary<string, string> FromTimeline = new(StringComparer.Ordinal)
    {
        ["connected"] = Connected,
        ["needs_reconnect"] = NeedsReconnect,
        ["reconnected"] = Reconnected,
        ["support_reconnected"] = Reconnected,
        ["support_required"] = SupportRequired,
        ["suspended"] = Suspended,
        ["restored"] = Restored,
        ["grant_expiring"] = ExpiringSoon,
        ["incident_hold"] = IncidentOpened,
        ["incident_cleared"] = IncidentClosed,
        ["support_requested"] = SupportRequestOpened,
        ["support_closed"] = SupportRequestClosed,
        ["disconnected"] = Removed,
    };

    public static IReadOnlyList<string> All { get; } =
        [Connected, NeedsReconnect, Reconnected, SupportRequired, Suspended, Restored, ExpiringSoon,
         IncidentOpened, IncidentClosed, SupportRequestOpened, SupportRequestClosed, Removed];

    /// <summary>The events that mean "this account stopped working": one each per break, never one per failed operation.</summary>
    public static IReadOnlySet<string> Breaks { get; } = new HashSet<string>(StringComparer.Ordinal) { NeedsReconnect, SupportRequired, Suspended };

    public static string? OfTimeline(string timelineType) => FromTimeline.GetValueOrDefault(timelineType);
}
