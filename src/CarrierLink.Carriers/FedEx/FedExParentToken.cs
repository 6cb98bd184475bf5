namespace CarrierLink.Carriers.FedEx;

/// <summary>
/// The platform's own (parent) access token, shared by every registration call of this process until shortly
/// before it expires: FedEx hands out no refresh token, so a new one is asked for when this one runs out.
/// </summary>
public sealed class FedExParentToken
{
    /// <summary>Renew this long before FedEx's expiry, so a token never dies on the way.</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromMinutes(5);

    internal SemaphoreSlim Gate { get; } = new(1, 1);

    internal (string Token, DateTimeOffset ExpiresAt)? Current { get; set; }

    public override string ToString() => $"FedExParentToken({(Current is { } c ? $"expires {c.ExpiresAt:O}" : "none")})";
}
