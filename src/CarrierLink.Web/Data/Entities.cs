namespace CarrierLink.Web.Data;

// The stored shapes. Timestamps are UTC DateTime: both providers compare and sort them natively
// (SQLite as fixed-format text), which DateTimeOffset on SQLite cannot do.

public sealed class Merchant
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    public DateTime CreatedAt { get; set; }
}

public static class UserRoles
{
    public const string Merchant = "merchant";
    public const string SupportAgent = "support_agent";
}

/// <summary>A person who signs in to the pages: a merchant's user or a platform support agent (no merchant).</summary>
public sealed class User
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid? MerchantId { get; set; }
    public required string Email { get; set; }
    public required string NormalizedEmail { get; set; }
    public required string PasswordHash { get; set; }
    public required string Role { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? PasswordChangedAt { get; set; }
    /// <summary>The authenticator app's shared key, encrypted; set while enrolling, in force once <see cref="TotpEnabledAt"/> is.</summary>
    public string? TotpSecretCipher { get; set; }
    public DateTime? TotpEnabledAt { get; set; }
    /// <summary>The last 30-second step a code was accepted for: a code is good once (RFC 6238 section 5.2).</summary>
    public long? TotpLastStep { get; set; }
}

/// <summary>
/// A signed-in browser. The cookie carries only this row's id, so signing out (here or "everywhere") ends the
/// session on every node at once, and idle and absolute lifetimes are enforced by the server, not the cookie.
/// </summary>
public sealed class UserSession
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid UserId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime LastSeenAt { get; set; }
    /// <summary>The absolute end: after it the person signs in again however active they are.</summary>
    public DateTime ExpiresAt { get; set; }
    public DateTime? EndedAt { get; set; }
    public string? UserAgent { get; set; }
    public string? IpAddress { get; set; }
}

/// <summary>
/// Failed sign-ins per email, whether or not a user has it, so real and unknown emails behave alike. Keyed by a
/// hash of the normalized email: the table does not list who was tried.
/// </summary>
public sealed class SignInThrottle
{
    public required string EmailHash { get; set; }
    public int Failures { get; set; }
    /// <summary>Before this, sign-in for the email is not tried (except from a browser the user signed in on before).</summary>
    public DateTime? WaitUntil { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>A one-time password reset link; only its hash is stored.</summary>
public sealed class PasswordReset
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid UserId { get; set; }
    public required string TokenHash { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? UsedAt { get; set; }
}

/// <summary>A one-time code that stands in for the authenticator app; only its hash is stored.</summary>
public sealed class RecoveryCode
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid UserId { get; set; }
    public required string Hash { get; set; }
    public DateTime? UsedAt { get; set; }
}

public sealed class ApiKey
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid MerchantId { get; set; }
    /// <summary>The first characters of the key, so a person can tell keys apart; not enough to use it.</summary>
    public required string Prefix { get; set; }
    /// <summary>SHA-256 of the whole key; the key itself is shown once and never stored.</summary>
    public required string Hash { get; set; }
    /// <summary>What the merchant calls it ("Warehouse PC"), so a list of keys can be told apart.</summary>
    public string? Name { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? LastUsedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}

public sealed class CarrierAccount
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid MerchantId { get; set; }
    public required string Carrier { get; set; }
    public required string Nickname { get; set; }
    public ConnectionState State { get; set; }
    public string? StateReason { get; set; }
    public DateTime StateChangedAt { get; set; }
    /// <summary>The carrier's id for the account that signed in (USPS: CRID); not a secret, shown masked.</summary>
    public string? CarrierAccountId { get; set; }
    /// <summary>A second carrier id where there is one (USPS: MID).</summary>
    public string? CarrierSubAccountId { get; set; }
    /// <summary>Further non-secret carrier ids the calls need (USPS: manifest MID, EPS account), as JSON.</summary>
    public string? CarrierDetailsJson { get; set; }
    public string SettingsJson { get; set; } = "{}";
    public DateTime? LastSuccessAt { get; set; }
    public DateTime? LastFailureAt { get; set; }
    public string? LastFailureKind { get; set; }
    public string? LastFailureMessage { get; set; }
    /// <summary>Why the account is in its state, as a fact a program can test (<see cref="StateReasonCodes"/>).</summary>
    public string? StateReasonCode { get; set; }
    /// <summary>When the carrier started failing transiently (null: no trouble); one timeline entry per spell.</summary>
    public DateTime? TroubleSince { get; set; }
    /// <summary>Transient failures since <see cref="TroubleSince"/>: counted here, not written as events.</summary>
    public int TransientFailures { get; set; }
    /// <summary>The last time the carrier refused this account's credentials (incident detection counts these).</summary>
    public DateTime? LastAuthFailureAt { get; set; }
    /// <summary>A carrier-wide incident is holding this account's state change until it is checked again.</summary>
    public Guid? HeldByIncidentId { get; set; }
    /// <summary>The due-queue: when the health engine next looks at this account, and why (<see cref="DueReasons"/>).</summary>
    public DateTime? NextDueAt { get; set; }
    public string? DueReason { get; set; }
    /// <summary>When the health engine last asked the carrier about this account.</summary>
    public DateTime? LastCheckedAt { get; set; }
    /// <summary>The smallest "days before the grant's hard expiry" warning already written (null: none yet).</summary>
    public int? ExpiryWarnedDays { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    /// <summary>Optimistic concurrency: two writers of one account never silently overwrite each other.</summary>
    public long Version { get; set; }

    /// <summary>A detached copy (every field is a value or an immutable string), for a node's short-lived account cache.</summary>
    public CarrierAccount Copy() => (CarrierAccount)MemberwiseClone();
}

public static class StateReasonCodes
{
    public const string Rejected = "credentials_rejected";
    /// <summary>The carrier rotated the refresh token but its answer never reached the database (lost answer, crash).</summary>
    public const string LostCarrierAnswer = "lost_carrier_answer";
    public const string Suspended = "suspended_by_carrier";
    public const string SupportNeeded = "support_needed";
}

public static class DueReasons
{
    /// <summary>Work out when the account is next due (after a state or credential change) without calling the carrier.</summary>
    public const string Plan = "plan";
    public const string RefreshAhead = "refresh_ahead";
    public const string IdleProbe = "idle_probe";
    public const string ExpiryWarning = "expiry_warning";
    public const string IncidentRecheck = "incident_recheck";
    public const string Recheck = "recheck";
    public const string RetryAfterTrouble = "retry_after_trouble";
}

/// <summary>
/// An account's secrets, kept apart from the account so that disconnecting can wipe them in one
/// delete. Every *Cipher column holds Data Protection ciphertext, never plaintext.
/// </summary>
public sealed class CarrierCredential
{
    public Guid AccountId { get; set; }
    public string? AccessTokenCipher { get; set; }
    public DateTime? AccessTokenExpiresAt { get; set; }
    public string? RefreshTokenCipher { get; set; }
    public DateTime? RefreshTokenExpiresAt { get; set; }
    public string? UsernameCipher { get; set; }
    public string? PasswordCipher { get; set; }
    public string? PendingPasswordCipher { get; set; }
    public DateTime UpdatedAt { get; set; }
    public long Version { get; set; }
    /// <summary>
    /// A node is refreshing these tokens until then (the cross-node single flight). A lease, not a lock
    /// held by a connection: it survives a database blip while the carrier's answer is being saved.
    /// </summary>
    public DateTime? RefreshLeaseUntil { get; set; }
    public string? RefreshLeaseOwner { get; set; }
    /// <summary>A refresh may have rotated the tokens without CarrierLink learning the answer (set before asking).</summary>
    public DateTime? RefreshOutcomeUnknownSince { get; set; }
}

/// <summary>
/// Many accounts of one carrier failed authentication at once: their state changes are held and the
/// carrier's sign-in is shown as having trouble, instead of asking every merchant to reconnect.
/// </summary>
public sealed class CarrierIncident
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Carrier { get; set; }
    public DateTime OpenedAt { get; set; }
    public DateTime LastRejectionAt { get; set; }
    public int HeldAccounts { get; set; }
    /// <summary>When held accounts were last re-checked to see whether the carrier accepts them again.</summary>
    public DateTime? LastCanaryAt { get; set; }
    public DateTime? ClosedAt { get; set; }
    public string? CloseReason { get; set; }
}

public sealed class AccountEvent
{
    public long Id { get; set; }
    public Guid AccountId { get; set; }
    public DateTime At { get; set; }
    public required string Type { get; set; }
    public required string Detail { get; set; }
    public Guid? UserId { get; set; }
}

/// <summary>An OAuth authorization in flight: the state we sent to the carrier and what it is bound to.</summary>
public sealed class OAuthState
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    /// <summary>SHA-256 of the state value; the value itself only travels in the redirect.</summary>
    public required string StateHash { get; set; }
    public Guid MerchantId { get; set; }
    public Guid AccountId { get; set; }
    public Guid? UserId { get; set; }
    public required string Carrier { get; set; }
    public required string RedirectUri { get; set; }
    public string? CodeVerifierCipher { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? ConsumedAt { get; set; }
}
