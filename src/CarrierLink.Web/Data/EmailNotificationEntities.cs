namespace CarrierLink.Web.Data;

/// <summary>
/// How one user gets connection mail (issue 14, email): one by one, or once a day in a digest. No row means the
/// defaults: single mails.
/// </summary>
public sealed class EmailPreference
{
    public Guid UserId { get; set; }
    public bool DailyDigest { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>
/// One user's choice about one kind of mail (an event type, e.g. account.needs_reconnect): on or off. Kinds without a
/// row follow their default (<see cref="Notifications.Email.EmailTopics"/>), so a kind added later reaches people too.
/// </summary>
public sealed class EmailEventChoice
{
    public Guid UserId { get; set; }
    public required string EventType { get; set; }
    public bool Enabled { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>
/// One mail to send to one user about one event, written when the event fans out (so a redone fan-out cannot double:
/// unique per source and user). A sender on any node claims due jobs with a conditional UPDATE, sends them (digest
/// jobs of one user together, as one mail) and marks them sent; a failed send is tried again later, never dropped.
/// </summary>
public sealed class EmailJob
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    /// <summary>What the mail is about: the outbox message, or the caller's id for mails not from the outbox (a webhook endpoint disabled).</summary>
    public Guid SourceId { get; set; }
    public Guid UserId { get; set; }
    /// <summary>An event type (<see cref="Notifications.Email.EmailTopics"/>); the unsubscribe link turns this one off.</summary>
    public required string EventType { get; set; }
    public DateTime OccurredAt { get; set; }
    /// <summary>The subject of a single mail and the heading of a digest entry: "Your USPS account Main Warehouse needs reconnecting".</summary>
    public required string Headline { get; set; }
    /// <summary>What happened and what it means, in plain text.</summary>
    public required string Body { get; set; }
    /// <summary>The button ("Reconnect") and the path it opens, relative to the public base URL; null for none.</summary>
    public string? ActionLabel { get; set; }
    public string? ActionPath { get; set; }
    /// <summary>Goes in the user's daily digest (sent at <see cref="DueAt"/>, the digest hour) rather than alone.</summary>
    public bool Digest { get; set; }
    /// <summary>When it may be sent: at once, the digest hour, or the time of the next try after a failed send.</summary>
    public DateTime DueAt { get; set; }
    public DateTime? SentAt { get; set; }
    public int Attempts { get; set; }
    /// <summary>Why the last try failed (the SMTP server's answer), for an operator; never a secret.</summary>
    public string? LastError { get; set; }
    public Guid? ClaimToken { get; set; }
    public DateTime? ClaimedUntil { get; set; }
}
