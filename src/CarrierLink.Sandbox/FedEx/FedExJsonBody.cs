using System.Text.Json;

namespace CarrierLink.Sandbox.FedEx;

/// <summary>Reading FedEx request bodies: JSON objects walked by name, as FedEx spells them.</summary>
public static class FedExJsonBody
{
    /// <summary>The body as a JSON object, or null when it is missing or not a JSON object.</summary>
    public static async Task<JsonElement?> ReadAsync(HttpContext context)
    {
        if (!context.Request.HasJsonContentType()) return null;
        try
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The element at a dotted path ("requestedShipment.shipper.address"), or null.</summary>
    public static JsonElement? At(this JsonElement element, string path)
    {
        var current = element;
        foreach (var name in path.Split('.'))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current)) return null;
        }
        return current.ValueKind == JsonValueKind.Null ? null : current;
    }

    public static string? Text(this JsonElement element, string path) =>
        element.At(path) is { ValueKind: JsonValueKind.String } value && value.GetString() is { Length: > 0 } text ? text.Trim() : null;

    public static decimal? Number(this JsonElement element, string path) =>
        element.At(path) is { ValueKind: JsonValueKind.Number } value && value.TryGetDecimal(out var number) ? number : null;

    public static IReadOnlyList<JsonElement> Items(this JsonElement element, string path) =>
        element.At(path) is { ValueKind: JsonValueKind.Array } array ? array.EnumerateArray().ToList() : [];
}
