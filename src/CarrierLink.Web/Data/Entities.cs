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
    public int FailedSignIns { get; set; }
    public DateTime? LockedUntil { get; set; }
    public DateTime CreatedAt { get; set; }
}

public sealed class ApiKey
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid MerchantId { get; set; }
    /// <summary>The first characters of the key, so a person can tell keys apart; not enough to use it.</summary>
    public required string Prefix { get; set; }
    /// <summary>SHA-256 of the whole key; the key itself is shown once and never stored.</summary>
    public required string Hash { get; set; }
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
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    /// <summary>Optimistic concurrency: two writers of one account never silently overwrite each other.</summary>
    public long Version { get; set; }
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

public sealed class DataProtectionKeyRecord
{
    public int Id { get; set; }
    public string? FriendlyName { get; set; }
    public required string Xml { get; set; }
}
