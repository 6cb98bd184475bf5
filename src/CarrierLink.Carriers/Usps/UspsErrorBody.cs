using System.Text.Json;

namespace CarrierLink.Carriers.Usps;

/// <summary>
/// USPS's error envelope: {"apiVersion", "error": {"code", "message", "errors": [{code, title, detail, source: {parameter}}]}}.
/// The details are USPS's own words for the merchant; the parameters name the fields.
/// </summary>
internal static class UspsErrorBody
{
    /// <summary>USPS's parameter paths in the contract's neutral field names, so clients see one vocabulary.</summary>
    private static readonly Dictionary<string, string> NeutralFields = new(StringComparer.OrdinalIgnoreCase)
    {
        ["originZIPCode"] = "from_zip",
        ["destinationZIPCode"] = "to_zip",
        ["weight"] = "weight_oz",
        ["mailClass"] = "mail_class",
        ["mailingDate"] = "mailing_date",
        ["packageDescription.mailClass"] = "mail_class",
        ["packageDescription.weight"] = "weight_oz",
        ["packageDescription.mailingDate"] = "mailing_date",
        ["toAddress.ZIPCode"] = "to_address.zip",
        ["fromAddress.ZIPCode"] = "from_address.zip",
        ["toAddress.streetAddress"] = "to_address.street1",
        ["fromAddress.streetAddress"] = "from_address.street1",
        ["pickupDate"] = "pickup_date",
        ["trackingNumber"] = "tracking_number",
    };

    public static (string? Message, IReadOnlyDictionary<string, string[]>? FieldErrors) Read(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (!document.RootElement.TryGetProperty("error", out var error) || error.ValueKind != JsonValueKind.Object) return (null, null);
            var details = new List<string>();
            var fields = new Dictionary<string, List<string>>();
            if (error.TryGetProperty("errors", out var items) && items.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in items.EnumerateArray())
                {
                    var text = Text(item, "detail") ?? Text(item, "title");
                    if (text is null) continue;
                    var code = Text(item, "code");
                    details.Add(code is null ? text : $"{text} ({code})");
                    var parameter = item.TryGetProperty("source", out var source) && source.ValueKind == JsonValueKind.Object ? Text(source, "parameter") : null;
                    if (parameter is not null)
                    {
                        parameter = NeutralFields.GetValueOrDefault(parameter, "carrier");
                        if (!fields.TryGetValue(parameter, out var list)) fields[parameter] = list = [];
                        list.Add(code is null ? text : $"{text} (USPS {code})");
                    }
                }
            }
            var message = details.Count > 0 ? string.Join(" ", details) : Text(error, "message");
            return (message, fields.Count > 0 ? fields.ToDictionary(f => f.Key, f => f.Value.ToArray()) : null);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    /// <summary>The codes of USPS's error items ("160186"...), for the few refusals that tell an outcome rather than a fault.</summary>
    public static IReadOnlyList<string> Codes(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object
                && error.TryGetProperty("errors", out var items) && items.ValueKind == JsonValueKind.Array
                ? items.EnumerateArray().Select(i => Text(i, "code")).OfType<string>().ToList()
                : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>USPS's error items as (code, detail), for refusals whose detail names what was already done.</summary>
    public static IReadOnlyList<(string? Code, string? Detail)> Items(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object
                && error.TryGetProperty("errors", out var items) && items.ValueKind == JsonValueKind.Array
                ? items.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.Object).Select(i => (Text(i, "code"), Text(i, "detail"))).ToList()
                : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
