using CarrierLink.Sandbox.Control;
using CarrierLink.Sandbox.Customers;

namespace CarrierLink.Sandbox.Usps.Oauth;

/// <summary>POST /oauth2/v3/token: authorization_code, refresh_token (single-use rotation) and client_credentials, with USPS's bodies.</summary>
public static class TokenEndpoint
{
    public static void MapUspsTokenEndpoint(this IEndpointRouteBuilder app) => app.MapPost("/oauth2/v3/token", HandleAsync);

    /// <summary>The services a token call touches, bound by [AsParameters] to keep the handler's signature short.</summary>
    public readonly record struct Services(
        OauthClients Clients,
        AuthorizationCodes Codes,
        UspsGrants Grants,
        CustomerStore Customers,
        UspsAccessTokens AccessTokens,
        UspsSettingsStore Settings,
        SandboxCounters Counters);

    private static async Task<IResult> HandleAsync(HttpContext context, [AsParameters] Services services)
    {
        var request = await OauthRequest.ReadAsync(context.Request);
        if (request is null) return UspsErrors.InvalidRequest("The request body could not be parsed: send JSON or application/x-www-form-urlencoded.");

        var client = services.Clients.Authenticate(request.ClientId, request.ClientSecret);
        if (client is null) return UspsErrors.InvalidClient();

        var result = request["grant_type"] switch
        {
            "authorization_code" => AuthorizationCode(request, client, services),
            "refresh_token" => RefreshToken(request, client, services),
            "client_credentials" => ClientCredentials(request, client, services),
            var other => UspsErrors.UnsupportedGrantType(other),
        };
        // RFC 6749 5.1: token responses must not be cached.
        return result.WithHeader("Cache-Control", "no-store").WithHeader("Pragma", "no-cache");
    }

    private static IResult AuthorizationCode(OauthRequest request, OauthClient client, Services services)
    {
        var code = request["code"];
        switch (services.Codes.Redeem(code, client.ClientId, request["redirect_uri"], request["code_verifier"]))
        {
            case RedeemResult.Rejected { ReplayedGrantId: { } replayed } rejected:
                // A spent code presented again may have been stolen: its grant's refresh tokens stop working (access tokens run to exp).
                services.Grants.Revoke(replayed);
                return UspsErrors.AuthorizationCodeError(rejected.Description);
            case RedeemResult.Rejected rejected:
                return UspsErrors.AuthorizationCodeError(rejected.Description);
            case RedeemResult.Redeemed { Code: var issued }:
                var customer = services.Customers.Find(Carriers.Usps, issued.Username);
                if (customer is null) return UspsErrors.AuthorizationCodeError();
                if (UspsScopes.Narrow(issued.Scope, request["scope"]) is not { } scope) return UspsErrors.InvalidScope();

                var settings = services.Settings.Current;
                var (grant, refreshToken) = services.Grants.Create(client.ClientId, customer.Username, issued.Scope, TimeSpan.FromSeconds(settings.RefreshTokenSeconds));
                services.Codes.RecordGrant(code!, grant.Id);
                return Success(services, client, scope, customer, grant, refreshToken);
            default:
                throw new InvalidOperationException("Unknown redeem result.");
        }
    }

    private static IResult RefreshToken(OauthRequest request, OauthClient client, Services services)
    {
        var presented = request["refresh_token"];
        var counters = services.Counters.For(Carriers.Usps);
        var result = services.Grants.Refresh(client.ClientId, presented, services.Settings.Current.RotateRefreshTokens);
        if (result is RefreshResult.Rejected rejected)
        {
            counters.RefreshRejected();
            return UspsErrors.RefreshTokenRejected(presented, rejected.Status);
        }

        var (grant, refreshToken) = (RefreshResult.Refreshed)result;
        var customer = services.Customers.Find(Carriers.Usps, grant.Username);
        if (customer is null)
        {
            counters.RefreshRejected();
            return UspsErrors.RefreshTokenRejected(presented, "expired");
        }
        if (UspsScopes.Narrow(grant.Scope, request["scope"]) is not { } scope) return UspsErrors.InvalidScope();

        counters.Refreshed();
        return Success(services, client, scope, customer, grant, refreshToken);
    }

    private static IResult ClientCredentials(OauthRequest request, OauthClient client, Services services)
    {
        if (UspsScopes.Narrow(UspsScopes.All, request["scope"]) is not { } scope) return UspsErrors.InvalidScope();
        return Success(services, client, scope, customer: null, grant: null, refreshToken: null);
    }

    /// <summary>USPS's success body; numbers are integers (the README's strings are a documentation slip). No refresh fields for client_credentials.</summary>
    private static IResult Success(Services services, OauthClient client, string scope, Customer? customer, Grant? grant, string? refreshToken)
    {
        var settings = services.Settings.Current;
        var access = services.AccessTokens.Issue(client, scope, customer, grant?.Id, settings.AccessTokenSeconds);
        services.Counters.For(Carriers.Usps).TokenIssued();

        var body = new Dictionary<string, object>
        {
            ["access_token"] = access.Token,
            ["token_type"] = "Bearer",
            ["issued_at"] = access.IssuedAt.ToUnixTimeMilliseconds(),
            ["expires_in"] = access.ExpiresIn,
            ["status"] = "approved",
            ["scope"] = scope,
            ["issuer"] = UspsAccessTokens.ResponseIssuer,
        };
        if (grant is not null && refreshToken is not null)
        {
            body["refresh_token"] = refreshToken;
            body["refresh_token_issued_at"] = grant.RefreshTokenIssuedAt.ToUnixTimeMilliseconds();
            body["refresh_token_status"] = "approved";
            // What is left of the grant's window, since a refresh does not extend it (see UspsGrants.Refresh).
            body["refresh_token_expires_in"] = (long)Math.Max(0, Math.Round((grant.RefreshExpiresAt - access.IssuedAt).TotalSeconds));
            body["refresh_count"] = grant.RefreshCount;
        }
        body["client_id"] = client.ClientId;
        body["application_name"] = client.Name;
        body["api_products"] = UspsAccessTokens.ApiProducts;
        body["public_key"] = services.AccessTokens.PublicKey;
        return Results.Json(body, UspsErrors.Json);
    }
}
