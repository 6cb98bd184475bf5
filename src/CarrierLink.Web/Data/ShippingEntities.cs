namespace CarrierLink.Web.Data;

public static class LabelStatuses
{
    public const string Purchased = "purchased";
    public const string Voided = "voided";
    public const string Disputed = "disputed";
}

/// <summary>A label bought through CarrierLink; kept after voiding, as the merchant's record.</summary>
public sealed class ShippingLabel
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid AccountId { get; set; }
    public required string TrackingNumber { get; set; }
    /// <summary>The carrier's own id where it is not the tracking number (SERA voids and manifests by it).</summary>
    public string? CarrierLabelId { get; set; }
    public decimal Price { get; set; }
    public required string Currency { get; set; }
    public required string MailClass { get; set; }
    public string? Zone { get; set; }
    public required string Status { get; set; }
    public DateOnly MailingDate { get; set; }
    /// <summary>The sender, kept because the End of Day form needs it.</summary>
    public required string FromAddressJson { get; set; }
    public string? ManifestNumber { get; set; }
    public required byte[] LabelPdf { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? VoidedAt { get; set; }
}

public sealed class EndOfDayManifest
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid AccountId { get; set; }
    public required string ManifestNumber { get; set; }
    public DateOnly MailingDate { get; set; }
    public required string TrackingNumbersJson { get; set; }
    public required byte[] FormPdf { get; set; }
    public DateTime CreatedAt { get; set; }
}

public static class PickupStatuses
{
    public const string Scheduled = "scheduled";
    public const string Canceled = "canceled";
}

public sealed class CarrierPickup
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid AccountId { get; set; }
    public required string ConfirmationNumber { get; set; }
    public string? CarrierPickupId { get; set; }
    public DateOnly PickupDate { get; set; }
    public required string Status { get; set; }
    public DateTime CreatedAt { get; set; }
}

public static class IdempotencyStatuses
{
    public const string InProgress = "in_progress";
    public const string Completed = "completed";
    /// <summary>The carrier may or may not have done it (timeout after sending): reconcile before repeating.</summary>
    public const string Unknown = "unknown";
    /// <summary>
    /// The carrier says it has it but never told CarrierLink its number (USPS: "Pickup already exists for this
    /// address" after a lost answer; USPS has no lookup but by confirmation number).
    /// </summary>
    public const string UnconfirmedAtCarrier = "unconfirmed_at_carrier";
}

/// <summary>One Idempotency-Key of one merchant: what it asked for and what came of it.</summary>
public sealed class IdempotencyRecord
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid MerchantId { get; set; }
    public required string Key { get; set; }
    public Guid AccountId { get; set; }

    /// <summary>The operation the key was used for: keys are unique per account and operation.</summary>
    public string Operation { get; set; } = CarrierLink.Web.Shipping.ShippingOperationNames.Label;
    public required string RequestHash { get; set; }
    /// <summary>What CarrierLink tells the carrier the purchase is (USPS customerReference), for reconciling.</summary>
    public required string CarrierReference { get; set; }
    public required string Status { get; set; }
    public Guid? LabelId { get; set; }
    /// <summary>The pickup a pickup's key scheduled.</summary>
    public Guid? PickupId { get; set; }
    /// <summary>The request as CarrierLink will send it again (JSON), so an unknown outcome can be settled in the background.</summary>
    public string? RequestJson { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>"Remind Me Later": no prompt for this account until Until, for one user (or, from the API, the whole merchant).</summary>
public sealed class ReminderSnooze
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid AccountId { get; set; }
    public Guid? UserId { get; set; }
    public DateTime Until { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>An operation refused because the connection broke, offered again after reconnecting.</summary>
public sealed class FailedOperation
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid AccountId { get; set; }
    public required string Operation { get; set; }
    public required string RequestJson { get; set; }
    /// <summary>SHA-256 of operation and request: the same stopped operation is remembered once.</summary>
    public string RequestHash { get; set; } = "";
    public DateTime At { get; set; }
    public DateTime? ResolvedAt { get; set; }
}

/// <summary>A grant from a different carrier account than the one on file, held until the merchant decides.</summary>
public sealed class PendingGrant
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid AccountId { get; set; }
    public Guid MerchantId { get; set; }
    public required string AccessTokenCipher { get; set; }
    public DateTime AccessTokenExpiresAt { get; set; }
    public string? RefreshTokenCipher { get; set; }
    public DateTime? RefreshTokenExpiresAt { get; set; }
    public required string IdentityJson { get; set; }
    public DateTime ExpiresAt { get; set; }
}

public static class SupportRequestStatuses
{
    public const string Open = "open";
    public const string Closed = "closed";
}

/// <summary>Why a support request closed: an agent closed it, or the account came back and closed it.</summary>
public static class SupportRequestClosings
{
    public const string ByAgent = "agent";
    public const string SupportReconnected = "support_reconnected";
    public const string AccountConnected = "account_connected";
}

/// <summary>A merchant's request for help with an account only the platform's support can reconnect (UPS One Balance).</summary>
public sealed class SupportRequest
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid AccountId { get; set; }
    public Guid MerchantId { get; set; }
    public required string Message { get; set; }
    public required string Status { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ClosedAt { get; set; }
    public Guid? ClosedBy { get; set; }
    public string? Resolution { get; set; }
    /// <summary>A <see cref="SupportRequestClosings"/> value once closed.</summary>
    public string? ClosedBecause { get; set; }
    /// <summary>A new One Balance password the merchant handed to Customer Service: encrypted, used once, wiped once used or closed.</summary>
    public string? PasswordCipher { get; set; }
}

/// <summary>
/// An address a merchant ships from (their warehouse, their shop). Labels print it as the sender and pickups
/// come to it; one is the default the Ship screen starts with.
/// </summary>
public sealed class ShipFromAddress
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid MerchantId { get; set; }
    public required string Name { get; set; }
    public string? Company { get; set; }
    public required string Street1 { get; set; }
    public string? Street2 { get; set; }
    public required string City { get; set; }
    public required string State { get; set; }
    public required string Zip { get; set; }
    public string? Phone { get; set; }
    public bool IsDefault { get; set; }
    public DateTime CreatedAt { get; set; }
}
