using System.Collections.Concurrent;
using CarrierLink.Sandbox.Customers;

namespace CarrierLink.Sandbox.FedEx.Auth;

/// <summary>Who called a FedEx API: the platform, and the customer account when the token came from a child key.</summary>
public sealed record FedExCaller(string ClientId, string? AccountNumber, string? ChildKey)
{
    public bool IsParent => AccountNumber is null;
}

public abstract record FedExTokenCheck
{
    public sealed record Valid(FedExCaller Caller) : FedExTokenCheck;
    public sealed record Rejected(int Status, FedExError Error) : FedExTokenCheck;
}

/// <summary>
/// FedEx access tokens: opaque here (FedEx's are JWTs, but a client must not read them), 3600 seconds, no refresh
/// token. Kept by hash. A token stops working when it expires, when the child key it came from is revoked, or when
/// the control API's expire-tokens moves the account's cutoff past its issue time.
/// </summary>
public sealed class FedExAccessTokens(TimeProvider time, FedExChildKeys childKeys, CustomerStore customers)
{
    public const int LifetimeSeconds = 3600;

    private sealed record Issued(FedExCaller Caller, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt);

    private readonly ConcurrentDictionary<string, Issued> tokens = new(StringComparer.Ordinal);

    public string Issue(FedExCaller caller)
    {
        var now = time.GetUtcNow();
        foreach (var (hash, old) in tokens)
            if (old.ExpiresAt <= now) tokens.TryRemove(hash, out _);
        var token = Secrets.NewToken();
        tokens[Secrets.Hash(token)] = new Issued(caller, now, now.AddSeconds(LifetimeSeconds));
        return token;
    }

    public FedExTokenCheck Validate(string? authorizationHeader)
    {
        const string bearer = "Bearer ";
        if (authorizationHeader is null || !authorizationHeader.StartsWith(bearer, StringComparison.OrdinalIgnoreCase)
            || !tokens.TryGetValue(Secrets.Hash(authorizationHeader[bearer.Length..].Trim()), out var issued))
        {
            return new FedExTokenCheck.Rejected(StatusCodes.Status401Unauthorized, FedExErrors.TokenExpired);
        }
        if (time.GetUtcNow() >= issued.ExpiresAt) return new FedExTokenCheck.Rejected(StatusCodes.Status401Unauthorized, FedExErrors.TokenExpired);

        var caller = issued.Caller;
        if (caller.ChildKey is { } key && !childKeys.IsLive(key)) return new FedExTokenCheck.Rejected(StatusCodes.Status401Unauthorized, FedExErrors.TokenExpired);
        if (caller.AccountNumber is { } account)
        {
            var customer = customers.Find(Carriers.FedEx, account);
            if (customer is null) return new FedExTokenCheck.Rejected(StatusCodes.Status401Unauthorized, FedExErrors.TokenExpired);
            // The exact instant, so a token issued just after expire-tokens still works.
            if (customer.AccessTokensExpiredAt is { } cutoff && issued.IssuedAt <= cutoff)
                return new FedExTokenCheck.Rejected(StatusCodes.Status401Unauthorized, FedExErrors.TokenExpired);
            if (customer.Suspended) return new FedExTokenCheck.Rejected(StatusCodes.Status403Forbidden, FedExErrors.AccountSuspended);
        }
        return new FedExTokenCheck.Valid(caller);
    }
}
