namespace CarrierLink.Sandbox.Ups.Oauth;

/// <summary>One UPS.com login's consent to one platform: what its refresh tokens stand for and what revocation ends.</summary>
public sealed record UpsGrant(string Id, string ClientId, string Username, DateTimeOffset CreatedAt)
{
    public int RefreshCount { get; init; }
    public bool Revoked { get; init; }
    public DateTimeOffset RefreshTokenIssuedAt { get; init; }
    public DateTimeOffset RefreshTokenExpiresAt { get; init; }
}

/// <summary>A token pair as issued; the tokens themselves are only kept by hash.</summary>
public sealed record UpsTokenPair(UpsGrant Grant, string AccessToken, DateTimeOffset IssuedAt, int ExpiresIn, string RefreshToken);

/// <summary>Who an access token speaks for.</summary>
public sealed record UpsAccessToken(string GrantId, string ClientId, string Username, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt);

public abstract record UpsRefreshResult
{
    public sealed record Refreshed(UpsTokenPair Pair) : UpsRefreshResult;
    public sealed record Rejected : UpsRefreshResult;
}

/// <summary>
/// Grants, their single-use refresh tokens and their opaque access tokens, all by hash, under one lock.
/// Note: UPS staff say a refresh token works once and each refresh returns a new pair [UPS#90]; the sandbox gives
/// the new refresh token a full lifetime of its own (UPS's response restates refresh_token_expires_in each time, ~).
/// UPS publishes no revoke endpoint: a grant ends when the person removes the app at UPS.com (control API revoke),
/// and then its access tokens stop working too.
/// </summary>
public sealed class UpsGrants(TimeProvider time, UpsSettingsStore settings)
{
    private sealed record RefreshEntry(string GrantId, bool Current, DateTimeOffset ExpiresAt);

    private readonly Lock gate = new();
    private readonly Dictionary<string, UpsGrant> grants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RefreshEntry> refreshTokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, UpsAccessToken> accessTokens = new(StringComparer.Ordinal);

    public UpsTokenPair Create(string clientId, string username)
    {
        var now = time.GetUtcNow();
        lock (gate)
        {
            var grant = new UpsGrant(Secrets.NewId(), clientId, username, now);
            return IssuePair(grant, now);
        }
    }

    /// <summary>Spends <paramref name="presented"/> and returns a new pair; a used, expired, revoked or another client's token is refused.</summary>
    public UpsRefreshResult Refresh(string clientId, string? presented)
    {
        if (string.IsNullOrEmpty(presented)) return new UpsRefreshResult.Rejected();
        var now = time.GetUtcNow();
        var hash = Secrets.Hash(presented);
        lock (gate)
        {
            if (!refreshTokens.TryGetValue(hash, out var entry) || !entry.Current || now >= entry.ExpiresAt) return new UpsRefreshResult.Rejected();
            var grant = grants[entry.GrantId];
            if (grant.Revoked || grant.ClientId != clientId) return new UpsRefreshResult.Rejected();
            refreshTokens[hash] = entry with { Current = false };
            return new UpsRefreshResult.Refreshed(IssuePair(grant with { RefreshCount = grant.RefreshCount + 1 }, now));
        }
    }

    /// <summary>The access token's record while it is unexpired and its grant stands; null otherwise.</summary>
    public UpsAccessToken? FindAccessToken(string? token)
    {
        if (string.IsNullOrEmpty(token)) return null;
        var now = time.GetUtcNow();
        lock (gate)
        {
            return accessTokens.TryGetValue(Secrets.Hash(token), out var record) && now < record.ExpiresAt
                && grants.TryGetValue(record.GrantId, out var grant) && !grant.Revoked ? record : null;
        }
    }

    /// <summary>Ends every grant of a login (its refresh and access tokens); returns how many were active.</summary>
    public int RevokeCustomer(string username)
    {
        lock (gate)
        {
            var theirs = grants.Values.Where(g => !g.Revoked && Same(g.Username, username)).ToList();
            foreach (var grant in theirs) grants[grant.Id] = grant with { Revoked = true };
            return theirs.Count;
        }
    }

    public IReadOnlyList<UpsGrant> ActiveFor(string username)
    {
        var now = time.GetUtcNow();
        lock (gate) return grants.Values.Where(g => !g.Revoked && now < g.RefreshTokenExpiresAt && Same(g.Username, username)).ToList();
    }

    // Called under the lock.
    private UpsTokenPair IssuePair(UpsGrant grant, DateTimeOffset now)
    {
        var current = settings.Current;
        var refreshToken = Secrets.NewToken();
        var accessToken = Secrets.NewToken() + Secrets.NewToken();
        grant = grant with { RefreshTokenIssuedAt = now, RefreshTokenExpiresAt = now.AddSeconds(current.RefreshTokenSeconds) };
        grants[grant.Id] = grant;
        refreshTokens[Secrets.Hash(refreshToken)] = new RefreshEntry(grant.Id, Current: true, grant.RefreshTokenExpiresAt);
        foreach (var stale in accessTokens.Where(a => a.Value.ExpiresAt <= now).Select(a => a.Key).ToList()) accessTokens.Remove(stale);
        accessTokens[Secrets.Hash(accessToken)] = new UpsAccessToken(grant.Id, grant.ClientId, grant.Username, now, now.AddSeconds(current.AccessTokenSeconds));
        return new UpsTokenPair(grant, accessToken, now, current.AccessTokenSeconds, refreshToken);
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
