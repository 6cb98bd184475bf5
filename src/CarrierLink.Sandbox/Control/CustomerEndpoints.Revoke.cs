using CarrierLink.Sandbox.Customers;
using CarrierLink.Sandbox.FedEx.Auth;
using CarrierLink.Sandbox.Stamps.Accounts;
using CarrierLink.Sandbox.Usps.Oauth;

namespace CarrierLink.Sandbox.Control;

/// <summary>POST /_control/customers/{carrier}/{username}/revoke[?instant=true]: the customer withdraws every platform.</summary>
public static partial class CustomerEndpoints
{
    private static IResult Revoke(string carrier, string username, string? instant, CustomerStore customers, UspsGrants grants,
        AuthorizationCodes codes, StampsAuthenticators authenticators, FedExChildKeys childKeys)
    {
        if (customers.Find(carrier, username) is not { } customer) return UnknownCustomer(carrier, username);
        if (!TryReadFlag(instant, out var accessTokensToo))
        {
            return ControlJson.Validation(new() { ["instant"] = ["instant must be true or false."] });
        }
        var view = View(customer);
        if (customer.Carrier == Carriers.FedEx)
        {
            // Every child key of the account stops working: new tokens are refused and the ones issued stop at once.
            view["child_keys_revoked"] = childKeys.RevokeAccount(customer.Username);
            return Results.Json(view);
        }
        if (customer.Carrier == Carriers.Stamps)
        {
            // Every authenticator stops working (Stamps.com has nothing like a JWT that outlives it, so instant changes nothing);
            // the password still works, so authenticating again succeeds.
            view["authenticators_revoked"] = authenticators.RevokeCustomer(customer.Username);
            return Results.Json(view);
        }
        // Note: USPS revokes refresh tokens only and its access tokens run to their exp (up to 8 hours);
        // instant=true also ends the access tokens at once, so a demo shows the break at the very next call.
        view["grants_revoked"] = grants.RevokeCustomer(customer.Username, accessTokensToo);
        view["access_tokens_revoked"] = accessTokensToo;
        codes.RevokeCustomer(customer.Username);
        return Results.Json(view);
    }

    /// <summary>An optional query flag: absent is false; otherwise true or false (any case).</summary>
    private static bool TryReadFlag(string? value, out bool flag)
    {
        flag = false;
        return value is null || bool.TryParse(value, out flag);
    }
}
