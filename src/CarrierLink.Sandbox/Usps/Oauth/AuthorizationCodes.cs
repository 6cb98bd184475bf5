using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace CarrierLink.Sandbox.Usps.Oauth;

/// <summary>An issued code and everything it is bound to.</summary>
public sealed record AuthorizationCode(string ClientId, string RedirectUri, string Username, string Scope, string? CodeChallenge, DateTimeOffset ExpiresAt)
{
    public bool Redeemed { get; init; }
    public string? GrantId { get; init; }
}

public abstract record RedeemResult
{
    public sealed record Redeemed(AuthorizationCode Code) : RedeemResult;

    /// <summary><paramref name="ReplayedGrantId"/> is set when a spent code came back: the grant it produced must be revoked (RFC 6749 4.1.2).</summary>
    public sealed record Rejected(string Description, string? ReplayedGrantId = null) : RedeemResult;
}

/// <summary>Authorization codes: random, single use, five minutes, bound to client, redirect_uri, customer and PKCE challenge.</summary>
public sealed class AuthorizationCodes(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private readonly Lock gate = new();
    private readonly Dictionary<string, AuthorizationCode> codes = new(StringComparer.Ordinal);

    public string Issue(string clientId, string redirectUri, string username, string scope, string? codeChallenge)
    {
        var code = Secrets.NewToken();
        var now = time.GetUtcNow();
        lock (gate)
        {
            // Spent and expired codes are only kept long enough to recognise a replay.
            foreach (var stale in codes.Where(c => c.Value.ExpiresAt + Lifetime < now).Select(c => c.Key).ToList()) codes.Remove(stale);
            codes[Secrets.Hash(code)] = new AuthorizationCode(clientId, redirectUri, username, scope, codeChallenge, now + Lifetime);
        }
        return code;
    }

    public RedeemResult Redeem(string? code, string clientId, string? redirectUri, string? codeVerifier)
    {
        if (string.IsNullOrEmpty(code)) return new RedeemResult.Rejected(UspsErrors.AuthorizationCodeMessage);
        var hash = Secrets.Hash(code);
        lock (gate)
        {
            if (!codes.TryGetValue(hash, out var issued)) return new RedeemResult.Rejected(UspsErrors.AuthorizationCodeMessage);
            if (issued.Redeemed) return new RedeemResult.Rejected(UspsErrors.AuthorizationCodeMessage, issued.GrantId);
            if (time.GetUtcNow() >= issued.ExpiresAt || issued.ClientId != clientId || !string.Equals(issued.RedirectUri, redirectUri, StringComparison.Ordinal))
            {
                return new RedeemResult.Rejected(UspsErrors.AuthorizationCodeMessage);
            }
            if (issued.CodeChallenge is { } challenge && !VerifierMatches(codeVerifier, challenge))
            {
                return new RedeemResult.Rejected("Authorizaton Code Error: the code_verifier is missing or does not match the code_challenge.");
            }

            var redeemed = issued with { Redeemed = true };
            codes[hash] = redeemed;
            return new RedeemResult.Redeemed(redeemed);
        }
    }

    /// <summary>Remembers which grant a code produced, so a replay of the code can revoke it.</summary>
    public void RecordGrant(string code, string grantId)
    {
        var hash = Secrets.Hash(code);
        lock (gate)
        {
            if (codes.TryGetValue(hash, out var issued)) codes[hash] = issued with { GrantId = grantId };
        }
    }

    /// <summary>Codes not yet exchanged stop working when the customer's access is revoked.</summary>
    public void RevokeCustomer(string username)
    {
        lock (gate)
        {
            foreach (var (hash, issued) in codes.Where(c => string.Equals(c.Value.Username, username, StringComparison.OrdinalIgnoreCase)).ToList())
            {
                codes[hash] = issued with { Redeemed = true };
            }
        }
    }

    /// <summary>RFC 7636 S256: BASE64URL(SHA256(ASCII(code_verifier))) == code_challenge.</summary>
    public static bool VerifierMatches(string? verifier, string challenge)
    {
        if (verifier is null || verifier.Length is < 43 or > 128) return false;
        var computed = Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(computed), Encoding.ASCII.GetBytes(challenge));
    }
}
