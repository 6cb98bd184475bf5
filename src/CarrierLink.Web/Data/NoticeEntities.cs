namespace CarrierLink.Web.Data;

/// <summary>
/// An in-app notice (issue 14, part 4): one per outbox message, for the merchant whose account it is about. It keeps the
/// facts as they were when the event happened (the nickname then, what the timeline said); the words are chosen when the
/// notice is shown (Notifications/Notices/NoticeWords), so they can improve without rewriting old rows.
/// </summary>
public sealed class Notice
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid MerchantId { get; set; }
    public Guid AccountId { get; set; }
    /// <summary>The message it was written for: unique, so a fan-out done again cannot write it twice.</summary>
    public Guid OutboxMessageId { get; set; }
    /// <summary>An event type of <see cref="Notifications.NotificationEvents"/>.</summary>
    public required string Type { get; set; }
    public required string Carrier { get; set; }
    public required string Nickname { get; set; }
    /// <summary>The account's state slug once the change committed.</summary>
    public required string State { get; set; }
    /// <summary>What the timeline says happened, in words (for a break: why).</summary>
    public required string Detail { get; set; }
    public DateTime OccurredAt { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>
/// A notice one user has not seen yet. Written with the notice for every user of the merchant, deleted when the user
/// opens the notices (or marks all read), so the bell counts a user's own few rows instead of scanning every notice.
/// A notice written after a user looked gets its row after, so nothing is counted read that was never shown.
/// </summary>
public sealed class UnreadNotice
{
    public Guid UserId { get; set; }
    public Guid NoticeId { get; set; }
    /// <summary>The tenant, so every read of these rows is scoped to the signed-in merchant as well as the user.</summary>
    public Guid MerchantId { get; set; }
}
