namespace CarrierLink.Sandbox.Usps.Oauth;

/// <summary>
/// A Customer Onboarding Portal visit in progress, kept server-side: the pages only carry its random id,
/// so nothing the browser posts can change the client, redirect_uri, state or PKCE challenge.
/// </summary>
public sealed record AuthorizationRequest(string Id, OauthClient Client, string RedirectUri, string State, string PlatformName, string? CodeChallenge, DateTimeOffset ExpiresAt)
{
    /// <summary>Set once the customer signed in.</summary>
    public string? Username { get; init; }

    /// <summary>Set once authorized: redirect_uri?code=…&amp;state=…</summary>
    public string? ReturnUrl { get; init; }
}

public sealed class AuthorizationRequests(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);

    private readonly Lock gate = new();
    private readonly Dictionary<string, AuthorizationRequest> requests = new(StringComparer.Ordinal);

    public AuthorizationRequest Start(OauthClient client, string redirectUri, string state, string platformName, string? codeChallenge)
    {
        var now = time.GetUtcNow();
        var request = new AuthorizationRequest(Secrets.NewToken(), client, redirectUri, state, platformName, codeChallenge, now + Lifetime);
        lock (gate)
        {
            foreach (var stale in requests.Values.Where(r => r.ExpiresAt <= now).Select(r => r.Id).ToList()) requests.Remove(stale);
            requests[request.Id] = request;
        }
        return request;
    }

    /// <summary>The request while it is still open; null when unknown or expired.</summary>
    public AuthorizationRequest? Find(string? id)
    {
        if (string.IsNullOrEmpty(id)) return null;
        lock (gate)
        {
            return requests.TryGetValue(id, out var request) && request.ExpiresAt > time.GetUtcNow() ? request : null;
        }
    }

    public AuthorizationRequest? Update(string id, Func<AuthorizationRequest, AuthorizationRequest> change)
    {
        lock (gate)
        {
            if (!requests.TryGetValue(id, out var request) || request.ExpiresAt <= time.GetUtcNow()) return null;
            return requests[id] = change(request);
        }
    }

    public void Remove(string id)
    {
        lock (gate) requests.Remove(id);
    }
}
