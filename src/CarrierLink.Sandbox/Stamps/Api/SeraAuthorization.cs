using CarrierLink.Sandbox.Customers;
using CarrierLink.Sandbox.Stamps.Accounts;

namespace CarrierLink.Sandbox.Stamps.Api;

/// <summary>SERA calls carry "Authorization: Bearer &lt;authenticator&gt;"; a stale one is SWS's 002b0201.</summary>
public static class SeraAuthorization
{
    public static RouteGroupBuilder RequireStampsAuthenticator(this RouteGroupBuilder group) =>
        group.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var header = http.Request.Headers.Authorization.ToString();
            var authenticator = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
            switch (http.RequestServices.GetRequiredService<StampsAuthenticators>().Validate(authenticator))
            {
                case AuthenticatorCheck.Valid valid:
                    http.Items[typeof(SeraAuthorization)] = valid.Customer;
                    return await next(context);
                case AuthenticatorCheck.Suspended:
                    return StampsApiJson.Error(StatusCodes.Status403Forbidden, "account_suspended",
                        "This Stamps.com account is suspended. Contact Stamps.com Customer Support.");
                default:
                    return StampsApiJson.StaleAuthenticator();
            }
        });

    /// <summary>The account the authenticator belongs to (inside groups that require one).</summary>
    public static Customer StampsCustomer(this HttpContext context) => (Customer)context.Items[typeof(SeraAuthorization)]!;
}
