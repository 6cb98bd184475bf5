namespace CarrierLink.Sandbox.Usps;

/// <summary>GET /users/v3/me: the smallest protected USPS endpoint, so the token validator has a real consumer before the shipping APIs.</summary>
public static class UsersEndpoints
{
    public static void MapUspsUsers(this IEndpointRouteBuilder app) =>
        app.MapGet("/users/v3/me", (HttpContext context) => context.UspsCaller() switch
        {
            { Customer: { Usps: { } ids } customer } => Results.Json(new { username = customer.Username, crid = ids.Crid, mid = ids.Mid }, UspsErrors.Json),
            // A client_credentials token speaks for the platform, not for a customer.
            _ => UspsErrors.Forbidden(context.Request.Path, "This API needs a customer's access token.",
                "The access token was issued with client_credentials; use one obtained with authorization_code."),
        }).RequireUspsAccessToken();
}
