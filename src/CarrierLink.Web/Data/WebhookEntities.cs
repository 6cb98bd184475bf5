namespace CarrierLink.Web.Data;

/// <summary>
/// A merchant's system that hears about connection events by signed webhook (Standard Webhooks). The signing secret
/// is stored encrypted (SecretProtector) and shown once, when it is made; during a rotation the previous secret signs
/// too until <see cref="PreviousSecretExpiresAt"/>.
/// </summary>
public sealed class WebhookEndpoint
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid MerchantId { get; set; }
    public required string Url { get; set; }
    public string? Description { get; set; }
    /// <summary>The event types it wants, comma-separated; null for every event, including ones added later.</summary>
    public string? EventTypes { get; set; }
    /// <summary>The "whsec_..." secret, encrypted.</summary>
    public required string SecretCipher { get; set; }
    public string? PreviousSecretCipher { get; set; }
    public DateTime? PreviousSecretExpiresAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    /// <summary>The first failed attempt since the last successful one; null while the endpoint answers 2xx.</summary>
    public DateTime? FailingSince { get; set; }
    /// <summary>Set when nothing more is sent to it: by the merchant, by a 410 Gone, or after failing for days.</summary>
    public DateTime? DisabledAt { get; set; }
    /// <summary>A <see cref="Notifications.Webhooks.WebhookDisabledReasons"/> value.</summary>
    public string? DisabledReason { get; set; }
    /// <summary>Set when CarrierLink turns the endpoint off, cleared once the merchant's users are mailed about it.</summary>
    public DateTime? DisabledMailDueAt { get; set; }
}

/// <summary>
/// One event on its way to one endpoint: made with the outbox message's fan-out (at most one per message and endpoint),
/// or by "Send a test event". Its id is the webhook-id the receiver sees on every attempt. A worker on any node claims
/// it by moving <see cref="NextAttemptAt"/> past now under a new <see cref="ClaimToken"/>.
/// </summary>
public sealed class WebhookDelivery
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid EndpointId { get; set; }
    public Guid MerchantId { get; set; }
    /// <summary>The outbox message it tells; null for a test event.</summary>
    public Guid? MessageId { get; set; }
    public required string Type { get; set; }
    /// <summary>The exact JSON body: fixed when the delivery is made, so every attempt sends (and signs) the same bytes.</summary>
    public required string Payload { get; set; }
    /// <summary>A <see cref="Notifications.Webhooks.WebhookDeliveryStatus"/> value.</summary>
    public required string Status { get; set; }
    public int Attempts { get; set; }
    /// <summary>Attempts since the retry schedule last started (a "Send again" starts it over).</summary>
    public int ScheduleStep { get; set; }
    /// <summary>When the event happened (the payload's timestamp): an endpoint's deliveries go out in this order.</summary>
    public DateTime OccurredAt { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>When the next attempt is due; while a worker holds it, when its claim runs out; null once finished.</summary>
    public DateTime? NextAttemptAt { get; set; }
    public DateTime? LastAttemptAt { get; set; }
    public int? LastStatusCode { get; set; }
    public DateTime? SucceededAt { get; set; }
    /// <summary>Which claim holds it: recording an attempt fails if another node claimed the delivery since (a concurrency token).</summary>
    public Guid? ClaimToken { get; set; }
}

/// <summary>One POST to an endpoint, as the delivery log shows it. The excerpt is short and carries no secret.</summary>
public sealed class WebhookAttempt
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid DeliveryId { get; set; }
    public Guid EndpointId { get; set; }
    public DateTime At { get; set; }
    /// <summary>The HTTP status the endpoint answered; null when no answer came (timeout, refused connection).</summary>
    public int? StatusCode { get; set; }
    public int LatencyMilliseconds { get; set; }
    /// <summary>A <see cref="Notifications.Webhooks.WebhookAttemptOutcome"/> value.</summary>
    public required string Outcome { get; set; }
    /// <summary>The start of the answer's body, or what went wrong when there was none.</summary>
    public string? ResponseExcerpt { get; set; }
}
