using CarrierLink.Web.Security;

namespace CarrierLink.Web.Notifications.Webhooks;

public static class WebhookDeliveryStatus
{
    /// <summary>An attempt is still to come (see next_attempt_at).</summary>
    public const string Pending = "pending";
    public const string Succeeded = "succeeded";
    /// <summary>No more attempts: the schedule is spent, or the endpoint was turned off.</summary>
    public const string Failed = "failed";
}

public static class WebhookAttemptOutcome
{
    /// <summary>A 2xx answer.</summary>
    public const string Succeeded = "succeeded";
    /// <summary>Any other answer (3xx included: redirects are not followed, the URL should be updated instead).</summary>
    public const string Failed = "failed";
    public const string Timeout = "timeout";
    /// <summary>No connection, or one refused by <see cref="WebhookAddressPolicy"/>.</summary>
    public const string ConnectionFailed = "connection_failed";
}

public static class WebhookDisabledReasons
{
    public const string Merchant = "merchant";
    /// <summary>The receiver answered 410 Gone: it wants no more webhooks from CarrierLink.</summary>
    public const string Gone = "gone";
    /// <summary>Every attempt failed for <see cref="WebhookOptions.DisableAfterFailingDays"/> days.</summary>
    public const string Failing = "failing";
}

/// <summary>The event types an endpoint wants, stored comma-separated; none stored means every event, including later ones.</summary>
public static class WebhookEventTypes
{
    /// <summary>What each event means, in words, for the Settings pages.</summary>
    public static string Describe(string type) => type switch
    {
        NotificationEvents.Connected => "An account was connected",
        NotificationEvents.NeedsReconnect => "An account needs reconnecting",
        NotificationEvents.Reconnected => "An account was reconnected",
        NotificationEvents.SupportRequired => "An account needs the carrier's Customer Service",
        NotificationEvents.Suspended => "The carrier suspended an account",
        NotificationEvents.Restored => "A suspended account works again",
        NotificationEvents.ExpiringSoon => "An account's authorization ends soon",
        NotificationEvents.IncidentOpened => "A carrier outage holds an account",
        NotificationEvents.IncidentClosed => "A carrier outage ended",
        NotificationEvents.SupportRequestOpened => "A support request was opened",
        NotificationEvents.SupportRequestClosed => "A support request was closed",
        NotificationEvents.Removed => "An account was removed",
        WebhookPayloads.TestEventType => "A test event",
        _ => type,
    };

    public static IReadOnlyList<string>? Parse(string? stored) =>
        string.IsNullOrEmpty(stored) ? null : stored.Split(',', StringSplitOptions.RemoveEmptyEntries);

    public static string? Format(IReadOnlyCollection<string>? types) =>
        types is null ? null : string.Join(',', NotificationEvents.All.Where(types.Contains));

    public static bool Wants(string? stored, string type) => Parse(stored) is not { } wanted || wanted.Contains(type, StringComparer.Ordinal);

    /// <summary>The types as chosen (null for all), or why not, as the end of "event_types ...".</summary>
    public static (IReadOnlyCollection<string>? Types, string? Refusal) Validate(IEnumerable<string?>? types)
    {
        if (types is null) return (null, null);
        var chosen = types.ToList();
        if (chosen.Count == 0) return (null, "must name at least one event type, or be left out for every event");
        var unknown = chosen.FirstOrDefault(t => t is null || !NotificationEvents.All.Contains(t, StringComparer.Ordinal));
        if (chosen.Contains(null) || unknown is not null)
            return (null, $"has an unknown event type '{ControlCharacters.Clean(unknown)}'; "
                + $"known types are {string.Join(", ", NotificationEvents.All)}");
        return (chosen.OfType<string>().Distinct(StringComparer.Ordinal).ToList(), null);
    }
}
