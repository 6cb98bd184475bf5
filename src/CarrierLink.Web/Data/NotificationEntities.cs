namespace CarrierLink.Web.Data;

/// <summary>
/// A connection event waiting to be told (issue 14): written in the same transaction as the change it reports, so none
/// is lost and none is sent for a change that did not commit. A dispatcher on any node claims it and fans it out to
/// webhooks, email and in-app notices in one transaction, then marks it dispatched.
/// </summary>
public sealed class OutboxMessage
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid MerchantId { get; set; }
    public Guid AccountId { get; set; }
    /// <summary>An event type of <see cref="Notifications.NotificationEvents"/>, e.g. account.needs_reconnect.</summary>
    public required string Type { get; set; }
    public DateTime OccurredAt { get; set; }
    public required string Carrier { get; set; }
    public required string Nickname { get; set; }
    /// <summary>The account's state slug once the change committed.</summary>
    public required string State { get; set; }
    public string? Reason { get; set; }
    public string? ReasonCode { get; set; }
    /// <summary>What the timeline says happened, in words.</summary>
    public required string Detail { get; set; }
    public DateTime? DispatchedAt { get; set; }
    /// <summary>Which claim holds it: a dispatcher's save fails if another node claimed the message since (a concurrency token).</summary>
    public Guid? ClaimToken { get; set; }
    public DateTime? ClaimedUntil { get; set; }
}
