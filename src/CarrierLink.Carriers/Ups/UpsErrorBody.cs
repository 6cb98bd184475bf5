using System.Text.Json;

namespace CarrierLink.Carriers.Ups;

/// <summary>UPS's error envelope, {"response":{"errors":[{"code","message"}]}}, as (code, message) pairs.</summary>
internal static class UpsErrorBody
{
    /// <summary>An API call with a bad or expired token (401).</summary>
    public const string InvalidAuthentication = "250002";

    /// <summary>"Missing or invalid shipper number": the signed-in login may not ship with that shipper number.</summary>
    public const string InvalidShipperNumber = "120100";

    /// <summary>Void of a shipment voided before: an earlier void went through (the sandbox's code; UPS publishes none).</summary>
    public const string AlreadyVoided = "190117";

    /// <summary>Cancel of a pickup cancelled before: an earlier cancel went through (the sandbox's code; UPS publishes none).</summary>
    public const string PickupAlreadyCancelled = "9510114";

    public static IReadOnlyList<(string? Code, string? Message)> Read(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("response", out var response) && response.ValueKind == JsonValueKind.Object
                && response.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array
                ? errors.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object).Select(e => (Text(e, "code"), Text(e, "message"))).ToList()
                : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    public static bool Has(string body, string code) => Read(body).Any(e => e.Code == code);

    /// <summary>The carrier's words for the merchant: each message with its code.</summary>
    public static string? Message(string body) =>
        Read(body) is { Count: > 0 } errors
            ? string.Join(" ", errors.Select(e => e.Code is null ? e.Message : $"{e.Message} ({e.Code})"))
            : null;

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
