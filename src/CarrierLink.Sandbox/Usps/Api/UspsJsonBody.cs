using System.Globalization;
using System.Text.Json;

namespace CarrierLink.Sandbox.Usps.Api;

/// <summary>Reading USPS request bodies field by field, so each problem can be answered with USPS's own code for it.</summary>
public static class UspsJsonBody
{
    /// <summary>The body as a JSON object, or a 400 in USPS's envelope when it is not one.</summary>
    public static async Task<(JsonElement Body, IResult? Problem)> ReadAsync(HttpContext context)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            if (document.RootElement.ValueKind == JsonValueKind.Object) return (document.RootElement.Clone(), null);
        }
        catch (JsonException)
        {
            // Falls through to the same answer as a non-object body.
        }
        return (default, UspsErrors.BadRequest(context.Request.Path,
            UspsErrors.ValidationItem("400", "THERE IS AN ERROR IN THE RECEIVED REQUEST", "The request body must be a JSON object.")));
    }

    public static JsonElement? Find(this JsonElement element, params string[] path)
    {
        var current = element;
        foreach (var name in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current)) return null;
        }
        return current.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined ? null : current;
    }

    public static string? Text(this JsonElement element, params string[] path) =>
        element.Find(path) switch
        {
            { ValueKind: JsonValueKind.String } value => value.GetString() is { Length: > 0 } text ? text.Trim() : null,
            { ValueKind: JsonValueKind.Number } value => value.GetRawText(),
            _ => null,
        };

    /// <summary>A number sent as a JSON number or as a numeric string (USPS samples do both).</summary>
    public static decimal? Number(this JsonElement element, params string[] path) =>
        element.Find(path) switch
        {
            { ValueKind: JsonValueKind.Number } value when value.TryGetDecimal(out var number) => number,
            { ValueKind: JsonValueKind.String } value when decimal.TryParse(value.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out var number) => number,
            _ => null,
        };

    public static DateOnly? Date(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    public static bool IsZip5(string? zip) => zip is { Length: 5 } && zip.All(char.IsAsciiDigit);
}
