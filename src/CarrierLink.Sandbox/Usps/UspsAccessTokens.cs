using System.Buffers.Text;
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
/// Access tokens: RS256 JWTs signed with a key made for this sandbox instance, carrying the USPS account ids
/// (crid, mid ...) that CarrierLink reads to know which account signed in. The same class validates them
/// for the sandbox's own USPS API endpoints.
/// </summary>
public sealed class UspsAccessTokens : IDisposable
{
    public const string Issuer = "https://keyc.usps.com/realms/USPS";
    public const string ApiProducts = "[Shipping-Silver]";

    private readonly RSA rsa = RSA.Create(2048);
    private readonly SigningCredentials signing;
    private readonly TokenValidationParameters validation;
    private readonly JsonWebTokenHandler handler = new();
    private readonly TimeProvider time;
    private readonly CustomerStore customers;
    private readonly UspsGrants grants;

    public UspsAccessTokens(TimeProvider time, CustomerStore customers, UspsGrants grants)
    {
        this.time = time;
        this.customers = customers;
        this.grants = grants;
        var publicKey = rsa.ExportSubjectPublicKeyInfo();
        // A key id unique to this instance: two sandboxes in one process must not share cached signature providers.
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
        var claims = new Dictionary<string, object>
        {
            ["sub"] = customer?.Username ?? client.ClientId,
            ["client_id"] = client.ClientId,
            ["azp"] = client.ClientId,
            ["scope"] = scope,
            ["jti"] = Secrets.NewId(),
            // Milliseconds, because iat's whole seconds cannot tell "issued just before expire-tokens" from "just after".
            ["issued_at"] = now.ToUnixTimeMilliseconds(),
        };
        if (grantId is not null) claims["grant_id"] = grantId;
        if (customer?.Usps is { } ids)
        {
            claims["crid"] = ids.Crid;
            claims["mid"] = ids.Mid;
            claims["manifest_mid"] = ids.ManifestMid;
            claims["account_number"] = ids.AccountNumber;
            claims["account_type"] = "EPS";
        }

        var token = handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = client.ClientId,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = now.AddSeconds(lifetimeSeconds).UtcDateTime,
            Claims = claims,
            SigningCredentials = signing,
        });
        return new IssuedAccessToken(token, now, lifetimeSeconds);
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

        var clientId = jwt.TryGetPayloadValue<string>("client_id", out var id) ? id : "";
        var scope = jwt.TryGetPayloadValue<string>("scope", out var s) ? s : "";
        var grantId = jwt.TryGetPayloadValue<string>("grant_id", out var g) ? g : null;
        if (grantId is null) return new AccessTokenCheck.Valid(new UspsCaller(clientId, scope, null, null, jwt.Id));

        // Note: USPS revokes refresh tokens only; an access token of a revoked grant is refused only after an instant revoke.
        if (!grants.AcceptsAccessTokens(grantId))
        {
            return new AccessTokenCheck.Rejected(StatusCodes.Status401Unauthorized, "Invalid access token.", "The access token presented with the request has been revoked.");
        }

        var customer = customers.Find(Carriers.Usps, jwt.Subject);
        if (customer is null) return Malformed();
        var issuedAt = DateTimeOffset.FromUnixTimeMilliseconds(jwt.TryGetPayloadValue<long>("issued_at", out var ms) ? ms : 0);
        if (customer.AccessTokensExpiredAt is { } cutoff && issuedAt <= cutoff) return Expired();
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

    public void Dispose() => rsa.Dispose();
}
