namespace CarrierLink.Carriers.Catalog;

/// <summary>
/// Each carrier's protocol as published (sources in ../shared/spec/carrier-protocols.md and ../shared/spec/upstream).
/// Endpoint names: authorize, token, refresh, revoke, registration, rates, labels, void, end_of_day, pickups, cancel_pickup.
/// </summary>
public static class CarrierProtocols
{
    public static readonly CarrierProtocol Usps = new(
        new("https://apis.usps.com", "https://apis-tem.usps.com"),
        new Dictionary<string, string>
        {
            ["token"] = "/oauth2/v3/token",
            ["revoke"] = "/oauth2/v3/revoke",
            ["rates"] = "/prices/v3/base-rates/search",
            ["labels"] = "/labels/v3/label",
            ["void"] = "/labels/v3/label/{trackingNumber}",
            ["end_of_day"] = "/scan-forms/v3/scan-form",
            ["pickups"] = "/pickup/v3/carrier-pickup",
            ["cancel_pickup"] = "/pickup/v3/carrier-pickup/{confirmationNumber}",
        },
        ClientAuthentication.FormFields,
        AccessTokenLifetime: TimeSpan.FromHours(8),
        RefreshTokenLifetime: TimeSpan.FromDays(7),
        RefreshTokensRotate: true);

    /// <summary>UPS moves access tokens from 4 hours to 1 hour; CarrierLink reads expires_in. Refresh tokens are single-use, about 60 days.</summary>
    public static readonly CarrierProtocol Ups = new(
        new("https://onlinetools.ups.com", "https://wwwcie.ups.com"),
        new Dictionary<string, string>
        {
            ["authorize"] = "/security/v1/oauth/authorize",
            ["token"] = "/security/v1/oauth/token",
            ["refresh"] = "/security/v1/oauth/refresh",
            ["rates"] = "/api/rating/{version}/{requestoption}",
            ["labels"] = "/api/shipments/{version}/ship",
            ["void"] = "/api/shipments/{version}/void/cancel/{shipmentidentificationnumber}",
            ["pickups"] = "/api/pickupcreation/{version}/pickup",
            ["cancel_pickup"] = "/api/shipments/{version}/pickup/{CancelBy}",
        },
        ClientAuthentication.BasicHeader,
        AccessTokenLifetime: TimeSpan.FromHours(4),
        RefreshTokenLifetime: TimeSpan.FromDays(60),
        RefreshTokensRotate: true);

    /// <summary>FedEx: the platform's parent credentials register each account for a child key; tokens last an hour and are never refreshed.</summary>
    public static readonly CarrierProtocol FedEx = new(
        new("https://apis.fedex.com", "https://apis-sandbox.fedex.com"),
        new Dictionary<string, string>
        {
            ["token"] = "/oauth/token",
            ["registration"] = "/registration/v2/address/keysgeneration",
            ["pin"] = "/registration/v2/customerkeys/pingeneration",
            ["pin_keys"] = "/registration/v2/pin/keysgeneration",
            ["invoice_keys"] = "/registration/v2/invoice/keysgeneration",
            ["rates"] = "/rate/v1/rates/quotes",
            ["labels"] = "/ship/v1/shipments",
            ["void"] = "/ship/v1/shipments/cancel",
            ["end_of_day"] = "/ship/v1/endofday/",
            ["pickups"] = "/pickup/v1/pickups",
            ["cancel_pickup"] = "/pickup/v1/pickups/cancel",
        },
        ClientAuthentication.FormFields,
        AccessTokenLifetime: TimeSpan.FromHours(1),
        RefreshTokenLifetime: null,
        RefreshTokensRotate: false);

    /// <summary>One Balance: Stamps.com authenticators from the account's username and password; no refresh token.</summary>
    public static readonly CarrierProtocol Stamps = new(
        new("https://api.stampsendicia.com", "https://api.testing.stampsendicia.com"),
        new Dictionary<string, string>
        {
            ["token"] = "/swsim/v1/authenticate",
            ["rates"] = "/sera/v1/rates",
            ["labels"] = "/sera/v1/labels",
            ["void"] = "/sera/v1/labels/{label_id}/void",
            ["end_of_day"] = "/sera/v1/manifests",
            ["pickups"] = "/sera/v1/pickups",
            ["cancel_pickup"] = "/sera/v1/pickups/{pickup_id}",
        },
        ClientAuthentication.AccountPassword,
        AccessTokenLifetime: TimeSpan.FromMinutes(15),
        RefreshTokenLifetime: null,
        RefreshTokensRotate: false);
}
