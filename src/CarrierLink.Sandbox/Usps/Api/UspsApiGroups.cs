namespace CarrierLink.Sandbox.Usps.Api;

/// <summary>A USPS API family (/labels/v3 ...): access token, scope, and (for account operations) a customer's token.</summary>
public static class UspsApiGroups
{
    /// <summary>A group whose endpoints need a valid access token, carrying <paramref name="scope"/> when one is named.</summary>
    public static RouteGroupBuilder MapUspsApi(this IEndpointRouteBuilder app, string prefix, string? scope, bool customerRequired)
    {
        var group = app.MapGroup(prefix);
        group.RequireUspsAccessToken().AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var caller = http.UspsCaller();
            if (scope is not null && !caller.HasScope(scope))
            {
                return UspsErrors.Forbidden(http.Request.Path, "Insufficient scope.", $"The access token does not carry the '{scope}' scope.");
            }
            // Labels, payments, SCAN forms and pickups act on a business account: a platform-only token cannot say whose.
            if (customerRequired && caller.Customer is null)
            {
                return UspsErrors.Forbidden(http.Request.Path, "This API needs a customer's access token.",
                    "The access token was issued with client_credentials; use one obtained with authorization_code.");
            }
            return await next(context);
        });
        return group;
    }

    /// <summary>The USPS account ids of the caller (only inside groups mapped with customerRequired).</summary>
    public static Customers.Customer Customer(this HttpContext context) => context.UspsCaller().Customer!;
}
