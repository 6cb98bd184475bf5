using CarrierLink.Sandbox.Usps.Api;

namespace CarrierLink.Sandbox.Usps;

/// <summary>GET /users/v3/me: the smallest protected USPS endpoint, the account behind a customer's token (no scope needed).</summary>
public static class UsersEndpoints
{
    public static void MapUspsUsers(this IEndpointRouteBuilder app)
    {
        var users = app.MapUspsApi("/users/v3", scope: null, customerRequired: true);
        users.MapGet("/me", (HttpContext context) =>
        {
            var customer = context.Customer();
            return Results.Json(new { username = customer.Username, crid = customer.Usps!.Crid, mid = customer.Usps.Mid }, UspsErrors.Json);
        });
    }
}
