using System.Text.Json;

namespace CarrierLink.Carriers.Stamps;

/// <summary>One of a validation_error's details: the field, and (where SERA says) what is wrong in data.</summary>
internal sealed record StampsErrorDetail(string? Field, string? Code, string? LabelId, string? ManifestId);

/// <summary>Stamps.com's error envelope: {"error": {"code", "message", "failed_rules"?, "locked_until"?, "details"?}}.</summary>
internal sealed record StampsError(string? Code, string? Message, IReadOnlyList<string> FailedRules, DateTimeOffset? LockedUntil, IReadOnlyDictionary<string, string[]>? Fields)
{
    public IReadOnlyList<StampsErrorDetail> Details { get; private init; } = [];

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
            List<JsonElement> details = error.TryGetProperty("details", out var d) && d.ValueKind == JsonValueKind.Array
                ? d.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.Object).ToList()
                : [];
            if (details.Count > 0)
            {
                fields = details.GroupBy(x => Text(x, "field") ?? "carrier").ToDictionary(g => g.Key, g => g.Select(x => Text(x, "message") ?? "is invalid").ToArray());
            }
            return new StampsError(Text(error, "code"), Text(error, "message"), rules, locked, fields)
            {
                Details = details.Select(x => new StampsErrorDetail(Text(x, "field"), Text(x, "code"), Text(x, "label_id"), Text(x, "manifest_id"))).ToList(),
            };
        }
        catch (JsonException)
        {
            return new StampsError(null, null, [], null, null);
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
