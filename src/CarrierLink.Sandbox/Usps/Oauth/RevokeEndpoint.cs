namespace CarrierLink.Sandbox.Usps.Oauth;

/// <summary>POST /oauth2/v3/revoke (RFC 7009): Basic client authentication, {token, token_type_hint} → 200 with no body.</summary>
public static class RevokeEndpoint
{
    public static void MapUspsRevokeEndpoint(this IEndpointRouteBuilder app) => app.MapPost("/oauth2/v3/revoke", HandleAsync);

    private static async Task<IResult> HandleAsync(HttpContext context, OauthClients clients, UspsGrants grants)
    {
        var request = await OauthRequest.ReadAsync(context.Request);
        if (request is null) return UspsErrors.InvalidRequest("The request body could not be parsed: send JSON or application/x-www-form-urlencoded.");

        var client = clients.Authenticate(request.ClientId, request.ClientSecret);
        if (client is null) return UspsErrors.InvalidClient();

        var token = request["token"];
        if (token is null) return UspsErrors.InvalidRequest("token is required.");

        // Only refresh tokens can be revoked; an access token (a self-contained JWT) or an unknown token is a no-op, still 200 (RFC 7009 2.2).
        // Note: revoking a refresh token ends every refresh token of its grant; the access tokens it issued stay valid until their exp.
        grants.RevokeByRefreshToken(client.ClientId, token);
        return Results.Ok();
    }
}
