using System.Text.Json;
using CarrierLink.Sandbox.Usps.Api;

namespace CarrierLink.Sandbox.Ups.Api;

/// <summary>Reading UPS request bodies: the object under its wrapper ("RateRequest"...), and UPS's one-or-many elements.</summary>
public static class UpsJsonBody
{
    /// <summary>Sandbox choice (UPS publishes no code for an unreadable body): 10400 with what was expected.</summary>
    public static async Task<(JsonElement Body, IResult? Problem)> ReadAsync(HttpContext context, string wrapper)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            if (document.RootElement.Find(wrapper) is { ValueKind: JsonValueKind.Object } body) return (body.Clone(), null);
        }
        catch (JsonException)
        {
            // Falls through to the same answer as a body without the wrapper.
        }
        return (default, UpsErrors.BadRequest(UpsErrors.InvalidRequest, $"Invalid request: the body must be a JSON object with a {wrapper} object."));
    }

    /// <summary>
    /// An element UPS's yaml types as an array (Package, ShipmentCharge, PickupPiece) that UPS's own samples also send
    /// as a single object: both are read.
    /// </summary>
    public static IReadOnlyList<JsonElement> Many(this JsonElement element, params string[] path) => element.Find(path) switch
    {
        { ValueKind: JsonValueKind.Array } array => array.EnumerateArray().ToList(),
        { ValueKind: JsonValueKind.Object } single => [single],
        _ => [],
    };

    /// <summary>The first AddressLine (an array in the yaml, a string in some samples).</summary>
    public static string? FirstLine(this JsonElement address) => address.Find("AddressLine") switch
    {
        { ValueKind: JsonValueKind.Array } lines => lines.EnumerateArray().Select(l => l.ValueKind == JsonValueKind.String ? l.GetString() : null)
            .FirstOrDefault(l => !string.IsNullOrWhiteSpace(l)),
        { ValueKind: JsonValueKind.String } line => line.GetString(),
        _ => null,
    };

    /// <summary>Response.TransactionReference: UPS echoes the request's CustomerContext.</summary>
    public static object Response(JsonElement request, string description = "Success")
    {
        var context = request.Text("Request", "TransactionReference", "CustomerContext");
        return new
        {
            ResponseStatus = new { Code = "1", Description = description },
            TransactionReference = context is null ? null : new { CustomerContext = context },
        };
    }
}
