namespace CarrierLink.Sandbox.Usps.Api;

/// <summary>A payment authorization: which customer pays for the labels bought with it, until when.</summary>
public sealed record PaymentAuthorization(string Username, string PayerAccountNumber, DateTimeOffset ExpiresAt);

public sealed class PaymentAuthorizations(TimeProvider time)
{
    /// <summary>USPS does not publish the lifetime; eight hours is what integrators report.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    private readonly Lock gate = new();
    private readonly Dictionary<string, PaymentAuthorization> authorizations = new(StringComparer.Ordinal);

    public string Issue(string username, string payerAccountNumber)
    {
        var token = Secrets.NewToken();
        var now = time.GetUtcNow();
        lock (gate)
        {
            foreach (var stale in authorizations.Where(a => a.Value.ExpiresAt <= now).Select(a => a.Key).ToList()) authorizations.Remove(stale);
            authorizations[Secrets.Hash(token)] = new PaymentAuthorization(username, payerAccountNumber, now + Lifetime);
        }
        return token;
    }

    /// <summary>The authorization behind a token if it is still valid and was issued to this customer.</summary>
    public PaymentAuthorization? Find(string? token, string username)
    {
        if (string.IsNullOrEmpty(token)) return null;
        lock (gate)
        {
            return authorizations.TryGetValue(Secrets.Hash(token), out var found)
                && found.ExpiresAt > time.GetUtcNow()
                && string.Equals(found.Username, username, StringComparison.OrdinalIgnoreCase)
                ? found
                : null;
        }
    }
}
