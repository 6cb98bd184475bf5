using System.ComponentModel.DataAnnotations;

namespace CarrierLink.Web.Health;

/// <summary>How long the history tables keep their rows; the sweep deletes what is older (README, "Configuration").</summary>
public sealed class RetentionOptions : IValidatableObject
{
    public const string Section = "Retention";

    /// <summary>Off leaves the background sweep idle (an operator may run `retention run` from a scheduler instead).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The account timeline (account_events), by the event's time.</summary>
    [Range(1, 36_500)] public int EventsDays { get; set; } = 365;

    /// <summary>Failed operations the merchant resumed, counted from when they were resolved.</summary>
    [Range(1, 3_650)] public int ResolvedFailedOperationsDays { get; set; } = 30;

    /// <summary>Failed operations nobody resumed, counted from the failure: a month-old label request is not worth offering again.</summary>
    [Range(1, 3_650)] public int UnresolvedFailedOperationsDays { get; set; } = 30;

    /// <summary>OAuth states, counted from when they expired or were used (a state lives minutes, so this is only a grace period).</summary>
    [Range(1, 365)] public int OAuthStatesDays { get; set; } = 1;

    /// <summary>Completed Idempotency-Keys, counted from their last update: a retry within this time replays the same label.</summary>
    [Range(1, 3_650)] public int IdempotencyRecordsDays { get; set; } = 30;

    /// <summary>
    /// In-progress and unknown Idempotency-Keys (a purchase whose answer was lost) are the only record of what
    /// to look up at the carrier before buying again, so they outlive completed ones.
    /// </summary>
    [Range(1, 3_650)] public int UnsettledIdempotencyRecordsDays { get; set; } = 90;

    /// <summary>Remind Me Later snoozes, counted from when they ended.</summary>
    [Range(1, 365)] public int SnoozesDays { get; set; } = 1;

    /// <summary>Page sessions, counted from when they ended or expired (signed out, idle, past 12 hours).</summary>
    [Range(1, 3_650)] public int UserSessionsDays { get; set; } = 30;

    /// <summary>
    /// Sign-in throttles (wrong passwords per email) and password reset links, counted from their last change or expiry:
    /// neither means anything a day later.
    /// </summary>
    [Range(1, 365)] public int SignInRecordsDays { get; set; } = 1;

    /// <summary>Outbox messages already told (webhooks, mails and notices made from them), counted from when they were.</summary>
    [Range(1, 3_650)] public int OutboxDays { get; set; } = 30;

    /// <summary>In-app notices (and whether each user saw them), counted from the event they tell of.</summary>
    [Range(1, 3_650)] public int NoticesDays { get; set; } = 180;

    /// <summary>Time between two sweeps of one node; with several nodes only one sweeps at a time.</summary>
    [Range(1, 7 * 24 * 60)] public int SweepIntervalMinutes { get; set; } = 60;

    /// <summary>Rows per DELETE, so that a large backlog never holds a table's locks for long.</summary>
    [Range(1, 100_000)] public int BatchSize { get; set; } = 5_000;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (UnsettledIdempotencyRecordsDays < IdempotencyRecordsDays)
            yield return new ValidationResult("Retention:UnsettledIdempotencyRecordsDays must be at least Retention:IdempotencyRecordsDays.",
                [nameof(UnsettledIdempotencyRecordsDays)]);
    }
}
