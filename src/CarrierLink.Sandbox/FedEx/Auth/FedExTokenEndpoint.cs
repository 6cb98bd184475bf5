using CarrierLink.Sandbox.Control;
using CarrierLink.Sandbox.Usps.Oauth;

namespace CarrierLink.Sandbox.FedEx.Auth;

/// <summary>
/// POST /oauth/token (authorization_v1): form-urlencoded client_id and client_secret (the platform's API key and secret,
/// from Sandbox:Clients), with grant_type client_credentials (the platform itself) or csp_credentials /
/// client_pc_credentials plus child_Key and child_secret (acting for one customer account).
/// </summary>
public static class FedExTokenEndpoint
{
    public static void MapFedExTokenEndpoint(this IEndpointRouteBuilder app) => app.MapPost("/oauth/token", HandleAsync);

    private static async Task<IResult> HandleAsync(HttpContext context, OauthClients clients, FedExChildKeys childKeys, FedExAccessTokens tokens,
        SandboxCounters counters)
    {
        // The spec documents 200, 401, 500 and 503 only: whatever is wrong with the request is "not authorized".
        if (!context.Request.HasFormContentType) return FedExErrors.Unauthorized(FedExErrors.BadClientCredentials);
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        string? Field(string name) => form[name].FirstOrDefault() is { Length: > 0 } value ? value : null;

        var client = clients.Authenticate(Field("client_id"), Field("client_secret"));
        if (client is null) return FedExErrors.Unauthorized(FedExErrors.BadClientCredentials);

        FedExCaller? caller = Field("grant_type") switch
        {
            "client_credentials" => new FedExCaller(client.ClientId, null, null),
            "csp_credentials" or "client_pc_credentials" =>
                childKeys.Authenticate(client.ClientId, Field("child_Key"), Field("child_secret")) is { } account
                    ? new FedExCaller(client.ClientId, account, Field("child_Key"))
                    : null,
            _ => null,
        };
        if (caller is null) return FedExErrors.Unauthorized(FedExErrors.BadClientCredentials);

        counters.For(Carriers.FedEx).TokenIssued();
        return Results.Json(new Dictionary<string, object>
        {
            ["access_token"] = tokens.Issue(caller),
            ["token_type"] = "bearer",
            ["expires_in"] = FedExAccessTokens.LifetimeSeconds,
            ["scope"] = "CXS",
        }, FedExErrors.Json).WithHeader("Cache-Control", "no-store");
    }
}
