using System.Security.Cryptography;

namespace CarrierLink.Sandbox.FedEx.Auth;

/// <summary>A child key and secret as issued: the only time the secret exists in plain text.</summary>
public sealed record IssuedChildKey(string Key, string Secret, string AccountNumber);

/// <summary>
/// The child keys FedEx issued per customer account, each for one parent (platform) client. Every registration issues
/// a new pair; earlier pairs of the account stay valid until the customer revokes them (control API revoke ends all).
/// Secrets are kept by hash.
/// </summary>
public sealed class FedExChildKeys(TimeProvider time)
{
    private sealed record ChildKey(string AccountNumber, string ClientId, string SecretHash, DateTimeOffset IssuedAt, DateTimeOffset? RevokedAt);

    private const string SecretAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private readonly Lock gate = new();
    private readonly Dictionary<string, ChildKey> keys = new(StringComparer.Ordinal);

    public IssuedChildKey Issue(string accountNumber, string clientId)
    {
        // Shapes as in FedEx's example: a UUID key and a 25-character secret.
        var key = Guid.NewGuid().ToString();
        var secret = RandomNumberGenerator.GetString(SecretAlphabet, 25);
        lock (gate) keys[key] = new ChildKey(accountNumber, clientId, Secrets.Hash(secret), time.GetUtcNow(), null);
        return new IssuedChildKey(key, secret, accountNumber);
    }

    /// <summary>The account a live key and secret belong to, when they were issued to <paramref name="clientId"/>; otherwise null.</summary>
    public string? Authenticate(string clientId, string? key, string? secret)
    {
        if (key is null || secret is null) return null;
        lock (gate)
        {
            return keys.TryGetValue(key, out var child) && child.RevokedAt is null && child.ClientId == clientId
                && Secrets.SameText(child.SecretHash, Secrets.Hash(secret))
                ? child.AccountNumber
                : null;
        }
    }

    public bool IsLive(string key)
    {
        lock (gate) return keys.TryGetValue(key, out var child) && child.RevokedAt is null;
    }

    /// <summary>Revokes every live key of the account; returns how many.</summary>
    public int RevokeAccount(string accountNumber)
    {
        lock (gate)
        {
            var live = keys.Where(k => k.Value.AccountNumber == accountNumber && k.Value.RevokedAt is null).Select(k => k.Key).ToList();
            foreach (var key in live) keys[key] = keys[key] with { RevokedAt = time.GetUtcNow() };
            return live.Count;
        }
    }

    public int LiveCount(string accountNumber)
    {
        lock (gate) return keys.Values.Count(k => k.AccountNumber == accountNumber && k.RevokedAt is null);
    }
}
