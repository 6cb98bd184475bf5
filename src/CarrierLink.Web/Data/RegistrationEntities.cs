namespace CarrierLink.Web.Data;

/// <summary>
/// A registration the carrier asked proof for (FedEx: a PIN or an invoice) before it issues the account's key. The
/// carrier's token for this registration is a secret for the next step only: encrypted, and wiped once used or expired.
/// </summary>
public sealed class RegistrationChallenge
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid AccountId { get; set; }
    public Guid MerchantId { get; set; }
    public string? AuthTokenCipher { get; set; }
    /// <summary>The proofs the carrier offered (SMS, CALL, EMAIL, INVOICE), comma-separated.</summary>
    public required string Methods { get; set; }
    public string? MaskedEmail { get; set; }
    public string? MaskedPhone { get; set; }
    /// <summary>How a PIN was sent, once one was.</summary>
    public string? PinSentBy { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? UsedAt { get; set; }
}
