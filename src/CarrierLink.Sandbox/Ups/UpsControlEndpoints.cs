using CarrierLink.Sandbox.Control;
using CarrierLink.Sandbox.Customers;
using CarrierLink.Sandbox.Ups.Api;
using CarrierLink.Sandbox.Ups.Oauth;

namespace CarrierLink.Sandbox.Ups;

/// <summary>
/// The control API's UPS parts. Literal "ups" routes take precedence over the generic /_control/customers/{carrier}/…
/// ones, so UPS's revoke and settings live here beside the rest of UPS.
/// </summary>
public static class UpsControlEndpoints
{
    public sealed record UpsSettingsRequest(int? AccessTokenSeconds, int? RefreshTokenSeconds);

    public static void MapUpsControl(this IEndpointRouteBuilder app)
    {
        var control = app.MapGroup("/_control").RequireControlAccess();
        control.MapGet("/settings/ups", (UpsSettingsStore settings) => Results.Json(settings.Current));
        control.MapPut("/settings/ups", PutSettingsAsync);

        // The person removes the application at UPS.com: its refresh tokens and access tokens stop working at once.
        control.MapPost("/customers/ups/{username}/revoke", (string username, CustomerStore customers, UpsGrants grants,
            [FromKeyedServices(Carriers.Ups)] Usps.Oauth.AuthorizationCodes codes) =>
        {
            if (customers.Find(Carriers.Ups, username) is not { } customer) return Unknown(username);
            var view = CustomerEndpoints.View(customer);
            view["grants_revoked"] = grants.RevokeCustomer(customer.Username);
            view["access_tokens_revoked"] = true;
            codes.RevokeCustomer(customer.Username);
            return Results.Json(view);
        });

        control.MapGet("/customers/ups/{username}/labels", (string username, CustomerStore customers, UpsShipmentStore store) =>
            customers.Find(Carriers.Ups, username) is null ? Unknown(username) : ControlJson.List(store.ShipmentsOf(username).Select(s => new
            {
                tracking_number = s.TrackingNumber,
                shipper_number = s.ShipperNumber,
                service_code = s.ServiceCode,
                charge = s.Charge,
                status = s.Voided ? "voided" : "active",
                from_zip = s.FromZip,
                to_zip = s.ToZip,
                weight_lb = s.WeightLb,
                references = s.References,
                trans_id = s.TransId,
                transaction_src = s.TransactionSrc,
                created_at = s.CreatedAt,
            })));

        control.MapGet("/customers/ups/{username}/pickups", (string username, CustomerStore customers, UpsShipmentStore store) =>
            customers.Find(Carriers.Ups, username) is null ? Unknown(username) : ControlJson.List(store.PickupsOf(username).Select(p => new
            {
                prn = p.Prn,
                account_number = p.AccountNumber,
                pickup_date = p.PickupDate,
                postal_code = p.PostalCode,
                pieces = p.Pieces,
                status = p.Cancelled ? "cancelled" : "scheduled",
                reference = p.Reference,
                trans_id = p.TransId,
                transaction_src = p.TransactionSrc,
                created_at = p.CreatedAt,
            })));
    }

    private static async Task<IResult> PutSettingsAsync(HttpContext context, UpsSettingsStore settings)
    {
        var (body, problem) = await ControlJson.ReadAsync<UpsSettingsRequest>(context);
        if (problem is not null) return problem;
        var errors = new Dictionary<string, string[]>();
        if (body!.AccessTokenSeconds is <= 0) errors["access_token_seconds"] = ["access_token_seconds must be positive."];
        if (body.RefreshTokenSeconds is <= 0) errors["refresh_token_seconds"] = ["refresh_token_seconds must be positive."];
        if (errors.Count > 0) return ControlJson.Validation(errors);
        // Applies to tokens issued from now on.
        return Results.Json(settings.Update(current => new UpsSettings(
            body.AccessTokenSeconds ?? current.AccessTokenSeconds, body.RefreshTokenSeconds ?? current.RefreshTokenSeconds)));
    }

    private static IResult Unknown(string username) => ControlJson.NotFound($"There is no ups customer named '{username}'.");
}
