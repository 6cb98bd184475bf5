namespace CarrierLink.Carriers.Shipping;

/// <summary>
/// The idempotency key a carrier gets for one of our purchases: USPS (X-Idempotency-Key) and SERA
/// (Idempotency-Key) both want a UUID. Derived from CarrierLink's reference, so every retry of the
/// purchase, on any node and after any crash, sends the same key.
/// </summary>
public static class CarrierIdempotencyKey
{
    public static string From(string reference)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(reference));
        return new Guid(hash.AsSpan(0, 16)).ToString();
    }
}
