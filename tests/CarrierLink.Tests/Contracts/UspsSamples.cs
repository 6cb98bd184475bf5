using System.Text.Json.Nodes;

namespace CarrierLink.Tests.Contracts;

/// <summary>
/// USPS publishes no OpenAPI file for SCAN forms; its public samples (usps-api-examples/) are what it says
/// of them. A body conforms when every property it has is one the sample has, at the same place, of the same
/// JSON kind (arrays by their first item): the sample is the shape, not the values.
/// </summary>
public static class UspsSamples
{
    public static JsonNode ScanFormRequest() => Load("SCANForm-LabelShipment-request.json.txt");

    /// <summary>The JSON part of USPS's SCAN form answer (the sample is a whole multipart body).</summary>
    public static JsonNode ScanFormResponse()
    {
        var text = File.ReadAllText(Path.Combine(UspsSpecs.Folder(), "usps-api-examples", "SCANForm-LabelShipment-response.json.txt"));
        var start = text.IndexOf('{', StringComparison.Ordinal);
        var end = text.IndexOf("\n--", start, StringComparison.Ordinal);
        return JsonNode.Parse(text[start..end])!;
    }

    public static IEnumerable<string> Differences(JsonNode sample, JsonNode? actual, string at = "")
    {
        switch (actual)
        {
            case JsonObject obj when sample is JsonObject shape:
                foreach (var (name, value) in obj)
                {
                    if (!shape.ContainsKey(name)) yield return $"{at}/{name} is not in USPS's sample";
                    else foreach (var difference in Differences(shape[name]!, value, $"{at}/{name}")) yield return difference;
                }
                break;
            case JsonArray array when sample is JsonArray items:
                if (items.Count == 0) break;
                for (var i = 0; i < array.Count; i++)
                    foreach (var difference in Differences(items[0]!, array[i], $"{at}/{i}")) yield return difference;
                break;
            case null:
                yield return $"{at} is null; USPS's sample has a {sample.GetValueKind()}";
                break;
            default:
                if (actual.GetValueKind() != sample.GetValueKind() && !(IsBool(actual) && IsBool(sample)))
                    yield return $"{at} is a {actual.GetValueKind()}; USPS's sample has a {sample.GetValueKind()}";
                break;
        }
    }

    private static bool IsBool(JsonNode node) => node.GetValueKind() is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False;

    private static JsonNode Load(string file) => JsonNode.Parse(File.ReadAllText(Path.Combine(UspsSpecs.Folder(), "usps-api-examples", file)))!;
}
