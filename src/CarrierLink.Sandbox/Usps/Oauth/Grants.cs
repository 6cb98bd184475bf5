namespace CarrierLink.Sandbox.Usps.Oauth;

/// <summary>One customer's consent to one platform: what a refresh token stands for and what revocation ends.</summary>
public sealed record Grant(string Id, string ClientId, string Username, string Scope, DateTimeOffset CreatedAt, DateTimeOffset RefreshExpiresAt)
{
    public int RefreshCount { get; init; }

    /// <summary>Its refresh tokens no longer work. Its access tokens still do until their exp, as USPS publishes.</summary>
    public bool Revoked { get; init; }

    /// <summary>Its access tokens stop validating before their exp too: only the control API's instant revoke, for demos.</summary>
    public bool AccessTokensRevoked { get; init; }

    public DateTimeOffset RefreshTokenIssuedAt { get; init; }
}

public abstract record RefreshResult
{
    public sealed record Refreshed(Grant Grant, string RefreshToken) : RefreshResult;

    /// <summary><paramref name="Status"/> is USPS's refresh_token_status: "expired" or "Not Found".</summary>
    public sealed record Rejected(string Status) : RefreshResult;
}

/// <summary>Grants and their refresh tokens (kept by hash). One lock keeps rotation strictly single-use under concurrent refreshes.</summary>
public sealed class UspsGrants(TimeProvider time)
{
    private sealed record RefreshTokenEntry(string GrantId, bool Current);

    private readonly Lock gate = new();
    private readonly Dictionary<string, Grant> grants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RefreshTokenEntry> refreshTokens = new(StringComparer.Ordinal);

    /// <summary>A new grant and its first refresh token.</summary>
    public (Grant Grant, string RefreshToken) Create(string clientId, string username, string scope, TimeSpan refreshLifetime)
    {
        var now = time.GetUtcNow();
        var token = Secrets.NewToken();
        var grant = new Grant(Secrets.NewId(), clientId, username, scope, now, now + refreshLifetime) { RefreshTokenIssuedAt = now };
        lock (gate)
        {
            grants[grant.Id] = grant;
            refreshTokens[Secrets.Hash(token)] = new RefreshTokenEntry(grant.Id, Current: true);
        }
        return (grant, token);
    }

    /// <summary>
    /// Uses a refresh token. With rotation the presented token is spent and a new one returned.
    /// Note: the new token keeps the grant's original expiry (the 7-day window from consent, not from the
    /// last refresh): USPS does not say whether a refresh extends it, and the stricter reading is the one
    /// that makes CarrierLink warn merchants before the hard expiry.
    /// A replayed spent token is only refused, the grant survives: USPS documents no reuse detection.
    /// </summary>
    public RefreshResult Refresh(string clientId, string? presented, bool rotate)
    {
        if (string.IsNullOrEmpty(presented)) return new RefreshResult.Rejected("Not Found");
        var now = time.GetUtcNow();
        var hash = Secrets.Hash(presented);
        lock (gate)
        {
            if (!refreshTokens.TryGetValue(hash, out var entry) || grants[entry.GrantId] is not { } grant || grant.ClientId != clientId)
            {
                return new RefreshResult.Rejected("Not Found");
            }
            if (!entry.Current || grant.Revoked || now >= grant.RefreshExpiresAt) return new RefreshResult.Rejected("expired");

            var token = presented;
            if (rotate)
            {
                token = Secrets.NewToken();
                refreshTokens[hash] = entry with { Current = false };
                refreshTokens[Secrets.Hash(token)] = new RefreshTokenEntry(grant.Id, Current: true);
            }
            grant = grant with { RefreshCount = grant.RefreshCount + 1, RefreshTokenIssuedAt = rotate ? now : grant.RefreshTokenIssuedAt };
            grants[grant.Id] = grant;
            return new RefreshResult.Refreshed(grant, token);
        }
    }

    /// <summary>Whether the grant's access tokens may still be used (each until its own exp).</summary>
    public bool AcceptsAccessTokens(string grantId)
    {
        lock (gate) return grants.TryGetValue(grantId, out var grant) && !grant.AccessTokensRevoked;
    }

    /// <summary>Ends the grant's refresh tokens; its access tokens live on until they expire.</summary>
    public void Revoke(string grantId)
    {
        lock (gate)
        {
            if (grants.TryGetValue(grantId, out var grant)) grants[grantId] = grant with { Revoked = true };
        }
    }

    /// <summary>Ends the refresh tokens of the grant a token belongs to; false when the token is unknown or another client's.</summary>
    public bool RevokeByRefreshToken(string clientId, string token)
    {
        lock (gate)
        {
            if (!refreshTokens.TryGetValue(Secrets.Hash(token), out var entry) || grants[entry.GrantId].ClientId != clientId) return false;
            grants[entry.GrantId] = grants[entry.GrantId] with { Revoked = true };
            return true;
        }
    }

    /// <summary>
    /// Revokes every grant of a customer (control API "revoke"); returns how many were active.
    /// <paramref name="accessTokensToo"/> also ends the access tokens already issued, even those of grants revoked earlier.
    /// </summary>
    public int RevokeCustomer(string username, bool accessTokensToo)
    {
        lock (gate)
        {
            var theirs = grants.Values.Where(g => SameUser(g.Username, username)).ToList();
            foreach (var grant in theirs)
            {
                grants[grant.Id] = grant with { Revoked = true, AccessTokensRevoked = grant.AccessTokensRevoked || accessTokensToo };
            }
            return theirs.Count(g => !g.Revoked);
        }
    }

    public IReadOnlyList<Grant> ActiveFor(string username)
    {
        var now = time.GetUtcNow();
        lock (gate) return grants.Values.Where(g => !g.Revoked && now < g.RefreshExpiresAt && SameUser(g.Username, username)).ToList();
    }

    private static bool SameUser(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
