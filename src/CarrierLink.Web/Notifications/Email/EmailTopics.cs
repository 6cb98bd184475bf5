namespace CarrierLink.Web.Notifications.Email;

/// <param name="EventType">The event type a mail is about; a user turns each on or off.</param>
/// <param name="Label">How the preferences page and the unsubscribe page name it.</param>
/// <param name="Group">The heading it sits under on the preferences page.</param>
public sealed record EmailTopic(string EventType, string Label, string Group, bool OnByDefault);

/// <summary>
/// The kinds of mail a merchant's user can get, as data: the connection events of the outbox and the one mail that does
/// not come from it (a webhook endpoint disabled). A new user hears about breaks, fixes, expiry warnings, support
/// requests and disabled webhooks; routine changes (connected, removed, carrier-wide holds) are there to turn on.
/// </summary>
public static class EmailTopics
{
    public const string WebhookEndpointDisabled = "webhook.endpoint_disabled";

    public static IReadOnlyList<EmailTopic> All { get; } =
    [
        new(NotificationEvents.NeedsReconnect, "An account needs reconnecting", "Breaks", true),
        new(NotificationEvents.SupportRequired, "An account needs Customer Service to reconnect it", "Breaks", true),
        new(NotificationEvents.Suspended, "A carrier suspends an account", "Breaks", true),
        new(NotificationEvents.Reconnected, "An account is reconnected", "Fixes", true),
        new(NotificationEvents.Restored, "An account works again by itself", "Fixes", true),
        new(NotificationEvents.ExpiringSoon, "An account's authorization ends soon", "Expiry warnings", true),
        new(NotificationEvents.SupportRequestOpened, "A support request is opened", "Support requests", true),
        new(NotificationEvents.SupportRequestClosed, "A support request is closed", "Support requests", true),
        new(WebhookEndpointDisabled, "A webhook endpoint is disabled after failing", "Webhooks", true),
        new(NotificationEvents.Connected, "An account is connected", "Other changes", false),
        new(NotificationEvents.Removed, "An account is removed", "Other changes", false),
        new(NotificationEvents.IncidentOpened, "A carrier-wide problem holds an account's change", "Other changes", false),
        new(NotificationEvents.IncidentClosed, "A carrier-wide problem is over", "Other changes", false),
    ];

    private static readonly Dictionary<string, EmailTopic> ByType = All.ToDictionary(t => t.EventType, StringComparer.Ordinal);

    public static EmailTopic? Find(string eventType) => ByType.GetValueOrDefault(eventType);
}
