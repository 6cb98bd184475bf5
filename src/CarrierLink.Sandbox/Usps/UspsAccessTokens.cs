using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using CarrierLink.Sandbox.Customers;
using CarrierLink.Sandbox.Usps.Oauth;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CarrierLink.Sandbox.Usps;

/// <summary>Who called a USPS API: the client, and the customer when the token came from a customer's consent.</summary>
public sealed record UspsCaller(string ClientId, string Scope, Customer? Customer, string? GrantId, string TokenId)
{
    public bool HasScope(string scope) => Scope.Split(' ').Contains(scope, StringComparer.Ordinal);
}

public sealed record IssuedAccessToken(string Token, DateTimeOffset IssuedAt, int ExpiresIn);

public abstract record AccessTokenCheck
{
    public sealed record Valid(UspsCaller Caller) : AccessTokenCheck;

    /// <summary>A refusal, already in USPS's resource shape.</summary>
    public sealed record Rejected(int Status, string Message, string Detail) : AccessTokenCheck;
}

/// <summary>
/// Access tokens: RS256 JWTs signed with a key made for this sandbox instance, carrying only the claims USPS
/// publishes (usps-oauth2 token examples): sub, aud, azp, iss, exp, iat, jti, and for a customer's consent also
/// mail_owners, payment_accounts and contracts. USPS does not document what those three hold; the sandbox fills
/// them in one shape (docs/decisions/0005) unless the customer was created with account_in_token false, when
/// they are empty and a platform must ask the merchant for the account numbers. What the sandbox needs to check
/// a token later (client, scope, grant, the instant it was issued) is kept here by jti, not in the token.
/// </summary>
public sealed class UspsAccessTokens
{
    /// <summary>The JWT's iss, as USPS's token examples name it (the token response's issuer field is another value).</summary>
    public const string Issuer = "urn://api.usps.com";

    /// <summary>The token response's issuer field, as in USPS's token examples.</summary>
    public const string ResponseIssuer = "https://api.usps.com/realms/USPS";
    public const string ApiProducts = "[Shipping-Silver]";

    // Note: one signing key per process, not per sandbox: making a 2048-bit key costs about 200 ms of CPU, and the test
    // suites start hundreds of sandboxes in one process. A sandbox still honours only the tokens it issued (by their
    // jti, below), so another sandbox's token is refused as before (UspsAccessTokenTests).
    private static readonly Lazy<RSA> ProcessKey = new(() => RSA.Create(2048));
    private readonly RSA rsa = ProcessKey.Value;
    private readonly SigningCredentials signing;
    private readonly TokenValidationParameters validation;
    // No default times: the handler would add nbf (not a USPS claim) from the real clock.
    private readonly JsonWebTokenHandler handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly TimeProvider time;
    private readonly CustomerStore customers;
    private readonly UspsGrants grants;
    private readonly ConcurrentDictionary<string, IssuedToken> issued = new(StringComparer.Ordinal);

    /// <summary>What the sandbox remembers about a token it issued, by its jti.</summary>
    private sealed record IssuedToken(string ClientId, string Scope, string? GrantId, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt);

    public UspsAccessTokens(TimeProvider time, CustomerStore customers, UspsGrants grants)
    {
        this.time = time;
        this.customers = customers;
        this.grants = grants;
        var publicKey = rsa.ExportSubjectPublicKeyInfo();
        // The key lives as long as the process, so sandboxes may share the signature providers cached by its id.
        var key = new RsaSecurityKey(rsa) { KeyId = Base64Url.EncodeToString(SHA256.HashData(publicKey))[..16] };
        signing = new SigningCredentials(key, SecurityAlgorithms.RsaSha256);
        PublicKey = Convert.ToBase64String(Encoding.UTF8.GetBytes(rsa.ExportSubjectPublicKeyInfoPem()));
        validation = new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            IssuerSigningKey = key,
            // aud is the client id (any registered client may call the APIs) and exp is checked against the injected TimeProvider below.
            ValidateAudience = false,
            ValidateLifetime = false,
        };
    }

    /// <summary>The token response's public_key: base64 of the PEM public key, as USPS sends it.</summary>
    public string PublicKey { get; }

    public IssuedAccessToken Issue(OauthClient client, string scope, Customer? customer, string? grantId, int lifetimeSeconds)
    {
        var now = time.GetUtcNow();
        var jti = Secrets.NewId();
        var claims = new Dictionary<string, object>
        {
            ["sub"] = customer?.Username ?? client.ClientId,
            ["azp"] = client.ClientId,
            ["jti"] = jti,
        };
        if (customer is null) claims["organization_id"] = client.ClientId;
        else foreach (var (name, value) in UspsTokenClaims.For(customer)) claims[name] = value;

        ForgetExpired(now);
        issued[jti] = new IssuedToken(client.ClientId, scope, grantId, now, now.AddSeconds(lifetimeSeconds));
        var token = handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = client.ClientId,
            IssuedAt = now.UtcDateTime,
            Expires = now.AddSeconds(lifetimeSeconds).UtcDateTime,
            Claims = claims,
            SigningCredentials = signing,
        });
        return new IssuedAccessToken(token, now, lifetimeSeconds);
    }

    /// <summary>Tokens past their expiry fail on exp anyway: their records only take memory.</summary>
    private void ForgetExpired(DateTimeOffset now)
    {
        foreach (var (jti, record) in issued)
            if (record.ExpiresAt <= now) issued.TryRemove(jti, out _);
    }

    /// <summary>Checks an Authorization header: signature, expiry, instant revoke, expire-tokens, suspended customer.</summary>
    public async Task<AccessTokenCheck> ValidateAsync(string? authorizationHeader)
    {
        const string bearer = "Bearer ";
        if (authorizationHeader is null || !authorizationHeader.StartsWith(bearer, StringComparison.OrdinalIgnoreCase))
        {
            return Malformed();
        }

        var result = await handler.ValidateTokenAsync(authorizationHeader[bearer.Length..].Trim(), validation);
        if (!result.IsValid || result.SecurityToken is not JsonWebToken jwt) return Malformed();

        if (time.GetUtcNow() >= new DateTimeOffset(DateTime.SpecifyKind(jwt.ValidTo, DateTimeKind.Utc))) return Expired();

        if (!issued.TryGetValue(jwt.Id, out var record)) return Malformed();
        var (clientId, scope, grantId) = (record.ClientId, record.Scope, record.GrantId);
        if (grantId is null) return new AccessTokenCheck.Valid(new UspsCaller(clientId, scope, null, null, jwt.Id));

        // Note: USPS revokes refresh tokens only; an access token of a revoked grant is refused only after an instant revoke.
        if (!grants.AcceptsAccessTokens(grantId))
        {
            return new AccessTokenCheck.Rejected(StatusCodes.Status401Unauthorized, "Invalid access token.", "The access token presented with the request has been revoked.");
        }

        var customer = customers.Find(Carriers.Usps, jwt.Subject);
        if (customer is null) return Malformed();
        // The exact instant, because iat's whole seconds cannot tell "issued just before expire-tokens" from "just after".
        if (customer.AccessTokensExpiredAt is { } cutoff && record.IssuedAt <= cutoff) return Expired();
        if (customer.Suspended)
        {
            return new AccessTokenCheck.Rejected(StatusCodes.Status403Forbidden, "The USPS business account is suspended.",
                $"The USPS business account (CRID {customer.Usps?.Crid}) is suspended and cannot be used. Contact USPS Business Customer Support.");
        }

        return new AccessTokenCheck.Valid(new UspsCaller(clientId, scope, customer, grantId, jwt.Id));
    }

    private static AccessTokenCheck.Rejected Malformed() => new(StatusCodes.Status401Unauthorized,
        "Missing or malformed access token.", "The access token presented with the request is missing or malformed (not a JWT).");

    private static AccessTokenCheck.Rejected Expired() => new(StatusCodes.Status401Unauthorized,
        "Access token expired.", "The access token presented with the request has expired.");
}
