using System.ComponentModel.DataAnnotations;

namespace CarrierLink.Web.Health;

/// <summary>The health engine's settings (section "Health"). Every node reads the same values.</summary>
public sealed class HealthOptions : IValidatableObject
{
    public const string Section = "Health";

    /// <summary>Run the background workers on this node (a node may serve requests only).</summary>
    public bool WorkersEnabled { get; set; } = true;

    /// <summary>How often a worker looks for due accounts when the last claim found none.</summary>
    [Range(100, 600_000)] public int PollMilliseconds { get; set; } = 1000;

    /// <summary>/health/ready fails when a background loop has not gone round for this long (at least three idle polls).</summary>
    [Range(10, 86_400)] public int WorkerStaleSeconds { get; set; } = 300;

    /// <summary>Accounts claimed per batch.</summary>
    [Range(1, 10_000)] public int BatchSize { get; set; } = 500;

    /// <summary>A claimed account is pushed this far ahead before the carrier is called, so a dead node's claim comes back.</summary>
    [Range(10, 86_400)] public int ClaimSeconds { get; set; } = 300;

    /// <summary>Probe a connected account that was not used or checked for this long (USPS: a refresh; One Balance: a sign-in).</summary>
    [Range(1, 10_080)] public int ProbeIntervalMinutes { get; set; } = 60;

    /// <summary>Re-check a needs_reconnect or support_required account this often, in case the carrier accepts it again.</summary>
    [Range(1, 10_080)] public int RecheckBrokenMinutes { get; set; } = 360;

    /// <summary>Re-check a suspended account this often.</summary>
    [Range(1, 10_080)] public int RecheckSuspendedMinutes { get; set; } = 60;

    /// <summary>After a transient failure the next check waits this long, doubling up to <see cref="TroubleBackoffMaxMinutes"/>.</summary>
    [Range(1, 3600)] public int TroubleBackoffSeconds { get; set; } = 60;

    [Range(1, 1440)] public int TroubleBackoffMaxMinutes { get; set; } = 30;

    /// <summary>Warn this many days before a grant's hard expiry (USPS refresh tokens end 7 days after consent).</summary>
    public int[] ExpiryWarningDays { get; set; } = [3, 1];

    /// <summary>Spread scheduled checks by up to this share of their interval, so accounts connected together are not all due together.</summary>
    [Range(0, 0.5)] public double Jitter { get; set; } = 0.1;

    /// <summary>Per carrier: at most this many carrier calls at once per node, and this many per second per node.</summary>
    [Range(1, 1000)] public int CarrierConcurrency { get; set; } = 16;

    [Range(1, 100_000)] public int CarrierCallsPerSecond { get; set; } = 200;

    public IncidentOptions Incidents { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ExpiryWarningDays.Any(days => days is < 1 or > 365))
            yield return new ValidationResult(
                $"{Section}:ExpiryWarningDays must each be between 1 and 365 (it is [{string.Join(", ", ExpiryWarningDays)}]), e.g. [3, 1] (the default).");
    }
}

/// <summary>When many accounts of one carrier fail authentication at once, it is the carrier, not the merchants.</summary>
public sealed class IncidentOptions
{
    /// <summary>Refusals counted within this window.</summary>
    [Range(10, 86_400)] public int WindowSeconds { get; set; } = 300;

    /// <summary>An incident needs at least this many accounts refused within the window...</summary>
    [Range(1, 1_000_000)] public int MinAccounts { get; set; } = 10;

    /// <summary>...and at least this share of the carrier's recently active accounts.</summary>
    [Range(0.0, 1.0)] public double MinShare { get; set; } = 0.2;

    /// <summary>"Recently active": used successfully within this many hours.</summary>
    [Range(1, 720)] public int ActiveHours { get; set; } = 24;

    /// <summary>While an incident is open, this many held accounts are re-checked every <see cref="CanaryMinutes"/>; one success ends it.</summary>
    [Range(1, 100)] public int CanaryAccounts { get; set; } = 3;

    [Range(1, 1440)] public int CanaryMinutes { get; set; } = 5;

    /// <summary>An incident that lasts this long ends anyway, and every held account is checked on its own.</summary>
    [Range(1, 720)] public int MaxHours { get; set; } = 6;
}
