using System.Text.Json;

namespace CarrierLink.Sandbox.Ups;

/// <summary>
/// UPS's error envelope, as every UPS yaml publishes it (tokenErrorResponse / ErrorResponse):
/// {"response":{"errors":[{"code":"…","message":"…"}]}}. Where UPS publishes no code or wording, the choice is the
/// sandbox's and is said so below (carrier-protocols.md section 2 lists what is verified).
/// </summary>
public static class UpsErrors
{
    /// <summary>UPS writes its names as published ("RateResponse", "ShipperNumber"): no naming policy.</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = null,
        DictionaryKeyPolicy = null,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Missing or invalid parameters, and (the sandbox's reading, ✘) an invalid, used, expired or revoked refresh token or code [UPS-SDK].</summary>
    public const string InvalidRequest = "10400";

    /// <summary>The client is not recognised (id, secret or redirect_uri) [UPS-SDK].</summary>
    public const string InvalidClient = "10401";

    /// <summary>An API call with a bad, expired or revoked access token (carrier-protocols.md section 2).</summary>
    public const string InvalidAuthentication = "250002";

    /// <summary>"Missing or invalid shipper number": UPS's answer when the shipper number is not one the user may ship with (third-party reports).</summary>
    public const string InvalidShipperNumber = "120100";

    /// <summary>Sandbox choice (UPS publishes 403 "Blocked Merchant" without a code): the login's UPS account is suspended.</summary>
    public const string BlockedMerchant = "250050";

    public static IResult Error(int status, string code, string message) =>
        Results.Json(new { response = new { errors = new[] { new { code, message } } } }, Json, statusCode: status);

    public static IResult BadRequest(string code, string message) => Error(StatusCodes.Status400BadRequest, code, message);

    public static IResult Unauthorized() =>
        Error(StatusCodes.Status401Unauthorized, InvalidAuthentication, "Invalid Authentication Information.");

    public static IResult Blocked() =>
        Error(StatusCodes.Status403Forbidden, BlockedMerchant, "Blocked Merchant: this UPS account is suspended. Contact UPS Customer Service.");

    public static IResult ShipperNumberRefused(string? shipperNumber) =>
        BadRequest(InvalidShipperNumber, string.IsNullOrEmpty(shipperNumber)
            ? "Missing or invalid shipper number"
            : $"Missing or invalid shipper number: {shipperNumber} is not associated with the user who authorized this application.");

    /// <summary>A failure injected through the control API, in UPS's envelope (codes are the sandbox's: 10 + the status).</summary>
    public static IResult Injected(int status)
    {
        var message = status switch
        {
            StatusCodes.Status429TooManyRequests => "Rate Limit Exceeded",
            >= 500 => "The service is temporarily unavailable. Please try again later.",
            _ => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status),
        };
        var result = Error(status, "10" + status.ToString(System.Globalization.CultureInfo.InvariantCulture), $"{message} (injected by the sandbox control API)");
        return status == StatusCodes.Status429TooManyRequests ? result.WithHeader("Retry-After", "1") : result;
    }
}
