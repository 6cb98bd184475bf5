using CarrierLink.Sandbox.Usps.Oauth;
using Microsoft.AspNetCore.WebUtilities;

namespace CarrierLink.Sandbox.Ups.Oauth;

/// <summary>
/// GET /security/v1/oauth/authorize (OAuthAuthCode.yaml AuthorizeClient): checks the platform's request and answers
/// 302 to the UPS.com login, in the published Location format
/// (…?client_id&amp;redirect_uri&amp;response_type=code&amp;scope&amp;state&amp;type=ups_com_api). A bad request is answered
/// with UPS's JSON error, never with a redirect: only a registered redirect_uri is ever followed.
/// </summary>
public static class UpsAuthorizeEndpoint
{
    public const string SignInPath = "/ups/lasso/signin";

    public static void MapUpsAuthorizeEndpoint(this IEndpointRouteBuilder app) => app.MapGet("/security/v1/oauth/authorize", Authorize);

    private static IResult Authorize(HttpContext context, OauthClients clients, [FromKeyedServices(Carriers.Ups)] AuthorizationRequests requests)
    {
        var query = context.Request.Query;
        var clientId = query["client_id"].ToString();
        var redirectUri = query["redirect_uri"].ToString();
        var state = query["state"].ToString();
        var scope = query["scope"].ToString();
        var challenge = query["code_challenge"].ToString();
        var method = query["code_challenge_method"].ToString();

        if (clientId.Length == 0 || redirectUri.Length == 0 || query["response_type"] != "code")
            return UpsErrors.BadRequest(UpsErrors.InvalidRequest, "Invalid/Missing parameters: client_id, redirect_uri and response_type=code are required.");
        var client = clients.Find(clientId);
        if (client is null) return UpsErrors.Error(StatusCodes.Status401Unauthorized, UpsErrors.InvalidClient, "ClientId is Invalid");
        if (!client.IsRegistered(redirectUri))
            return UpsErrors.Error(StatusCodes.Status401Unauthorized, UpsErrors.InvalidClient, "Invalid redirect_uri: it is not registered for this application.");
        // UPS documents only code_challenge, "Base64 URL-Encoded SHA256 value of Code Verifier": S256 is the one method.
        if ((method.Length > 0 && method != "S256") || challenge.Length is > 0 and (< 43 or > 128))
            return UpsErrors.BadRequest(UpsErrors.InvalidRequest, "Invalid code_challenge: send the S256 challenge of the code_verifier.");

        var request = requests.Start(client, redirectUri, state, client.Name, challenge.Length > 0 ? challenge : null);
        var location = QueryHelpers.AddQueryString(SignInPath, new Dictionary<string, string?>
        {
            ["client_id"] = client.ClientId,
            ["redirect_uri"] = redirectUri,
            ["response_type"] = "code",
            ["scope"] = scope,
            ["state"] = state,
            ["type"] = "ups_com_api",
            // The sandbox's addition: the request it keeps server-side (PKCE challenge included), so the pages cannot alter it.
            ["request"] = request.Id,
        });
        return Results.Redirect(location).WithHeader("appname", client.ClientId).WithHeader("displayname", client.Name);
    }
}
