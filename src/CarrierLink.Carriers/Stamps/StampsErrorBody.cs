using System.Text.Json;

namespace CarrierLink.Carriers.Stamps;

/// <summary>Stamps.com's error envelope: {"error": {"code", "message", "failed_rules"?, "locked_until"?, "details"?}}.</summary>
internal sealed record StampsError(string? Code, string? Message, IReadOnlyList<string> FailedRules, DateTimeOffset? LockedUntil, IReadOnlyDictionary<string, string[]>? Fields)
{
    public static StampsError Read(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (!document.RootElement.TryGetProperty("error", out var error) || error.ValueKind != JsonValueKind.Object)
                return new StampsError(null, null, [], null, null);
            var rules = error.TryGetProperty("failed_rules", out var r) && r.ValueKind == JsonValueKind.Array
                ? r.EnumerateArray().Select(x => x.GetString() ?? "").Where(x => x.Length > 0).ToList()
                : [];
            DateTimeOffset? locked = error.TryGetProperty("locked_until", out var l) && l.TryGetDateTimeOffset(out var until) ? until : null;
            Dictionary<string, string[]>? fields = null;
            if (error.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Array)
            {
                fields = details.EnumerateArray()
                    .Where(d => d.ValueKind == JsonValueKind.Object)
                    .GroupBy(d => Text(d, "field") ?? "carrier")
                    .ToDictionary(g => g.Key, g => g.Select(d => Text(d, "message") ?? "is invalid").ToArray());
            }
            return new StampsError(Text(error, "code"), Text(error, "message"), rules, locked, fields);
        }
        catch (JsonException)
        {
            return new StampsError(null, null, [], null, null);
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
