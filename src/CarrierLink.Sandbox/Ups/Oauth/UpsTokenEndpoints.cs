using System.Globalization;
using CarrierLink.Sandbox.Control;
using CarrierLink.Sandbox.Usps.Oauth;

namespace CarrierLink.Sandbox.Ups.Oauth;

/// <summary>
/// POST /security/v1/oauth/token (authorization_code: HTTP Basic, or PKCE with client_id and code_verifier and no
/// Basic) and POST /security/v1/oauth/refresh (Basic, grant_type=refresh_token), with UPS's all-string bodies.
/// </summary>
public static class UpsTokenEndpoints
{
    public readonly record struct Services(
        OauthClients Clients,
        [FromKeyedServices(Carriers.Ups)] AuthorizationCodes Codes,
        UpsGrants Grants,
        SandboxCounters Counters);

    public static void MapUpsTokenEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/security/v1/oauth/token", TokenAsync);
        app.MapPost("/security/v1/oauth/refresh", RefreshAsync);
    }

    private static async Task<IResult> TokenAsync(HttpContext context, [AsParameters] Services services)
    {
        var request = await OauthRequest.ReadAsync(context.Request);
        if (request is null || request["grant_type"] != "authorization_code" || request["code"] is null || request["redirect_uri"] is null)
            return NoStore(UpsErrors.BadRequest(UpsErrors.InvalidRequest, "Invalid/Missing parameters: grant_type=authorization_code, code and redirect_uri are required."));

        var pkce = !HasBasic(context);
        // Note: with PKCE UPS takes no Authorization header, only client_id; without it, Basic id:secret is the only way in.
        var client = pkce ? services.Clients.Find(request["client_id"]) : services.Clients.Authenticate(request.ClientId, request.ClientSecret);
        if (client is null) return NoStore(InvalidClient());
        if (!client.IsRegistered(request["redirect_uri"]))
            return NoStore(UpsErrors.Error(StatusCodes.Status401Unauthorized, UpsErrors.InvalidClient, "Invalid redirect_uri: it is not registered for this application."));
        if (pkce && request["code_verifier"] is null) return NoStore(InvalidClient());

        var code = request["code"]!;
        switch (services.Codes.Redeem(code, client.ClientId, request["redirect_uri"], request["code_verifier"]))
        {
            case RedeemResult.Redeemed { Code: { CodeChallenge: null } } when pkce:
                // A code issued without a challenge cannot be redeemed by a caller who proved nothing else.
                return NoStore(InvalidClient());
            case RedeemResult.Redeemed { Code: var issued }:
                var pair = services.Grants.Create(client.ClientId, issued.Username);
                services.Codes.RecordGrant(code, pair.Grant.Id);
                services.Counters.For(Carriers.Ups).TokenIssued();
                return NoStore(Success(pair));
            default:
                return NoStore(UpsErrors.BadRequest(UpsErrors.InvalidRequest, "Invalid or expired authorization code (or code_verifier)."));
        }
    }

    private static async Task<IResult> RefreshAsync(HttpContext context, [AsParameters] Services services)
    {
        var request = await OauthRequest.ReadAsync(context.Request);
        var client = HasBasic(context) && request is not null ? services.Clients.Authenticate(request.ClientId, request.ClientSecret) : null;
        if (client is null) return NoStore(InvalidClient());
        if (request!["grant_type"] != "refresh_token" || request["refresh_token"] is null)
            return NoStore(UpsErrors.BadRequest(UpsErrors.InvalidRequest, "Invalid/Missing parameters: grant_type=refresh_token and refresh_token are required."));

        var counters = services.Counters.For(Carriers.Ups);
        if (services.Grants.Refresh(client.ClientId, request["refresh_token"]) is not UpsRefreshResult.Refreshed refreshed)
        {
            counters.RefreshRejected();
            // Sandbox wording (✘: UPS publishes neither code nor message for this): 10400, as a bad parameter.
            return NoStore(UpsErrors.BadRequest(UpsErrors.InvalidRequest, "Invalid or expired refresh token: it may have been used already or revoked."));
        }
        counters.Refreshed();
        counters.TokenIssued();
        return NoStore(Success(refreshed.Pair));
    }

    private static bool HasBasic(HttpContext context) =>
        context.Request.Headers.Authorization.ToString().StartsWith("Basic ", StringComparison.OrdinalIgnoreCase);

    private static IResult InvalidClient() => UpsErrors.Error(StatusCodes.Status401Unauthorized, UpsErrors.InvalidClient, "ClientId is Invalid");

    /// <summary>generateTokenSuccessResponse / refreshTokenSuccessResponse: every value a string, as UPS sends them.</summary>
    private static IResult Success(UpsTokenPair pair)
    {
        static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
        var grant = pair.Grant;
        return Results.Json(new Dictionary<string, string>
        {
            ["refresh_token_expires_in"] = Text((long)Math.Round((grant.RefreshTokenExpiresAt - pair.IssuedAt).TotalSeconds)),
            ["refresh_token_status"] = "approved",
            ["token_type"] = "Bearer",
            ["issued_at"] = Text(pair.IssuedAt.ToUnixTimeMilliseconds()),
            ["client_id"] = grant.ClientId,
            ["access_token"] = pair.AccessToken,
            ["refresh_token"] = pair.RefreshToken,
            ["refresh_token_issued_at"] = Text(grant.RefreshTokenIssuedAt.ToUnixTimeMilliseconds()),
            ["expires_in"] = Text(pair.ExpiresIn),
            ["refresh_count"] = Text(grant.RefreshCount),
            ["status"] = "approved",
        }, UpsErrors.Json);
    }

    private static IResult NoStore(IResult result) => result.WithHeader("Cache-Control", "no-store").WithHeader("Pragma", "no-cache");
}
