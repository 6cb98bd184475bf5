using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace CarrierLink.Tests.Contracts;

/// <summary>
/// FedEx's published API files (../shared/spec/upstream/fedex/, OpenAPI 3.0 JSON), upgraded to 3.1 by Microsoft.OpenApi
/// and checked by the USPS contract machinery (<see cref="UspsSpecs"/>, <see cref="UspsContract"/>). Every path in
/// FedEx's files is absolute (servers: "/"), so every API has the empty prefix.
/// </summary>
public static class FedExSpecs
{
    private static readonly string[] Files =
    [
        "authorization_v1_APIAuthorization-Resource.json",
        "account-registration_v1_AccountRegistration-Resource.json",
        "rates-transit-times_v1_RateQuotes-Resource.json",
        "ship_v1_Shipment-Resource.json",
        "pickup-request_v1_Pickup-Resource.json",
        "ground-eod-close_v1_ShipmentCloseAPI-Resource.json",
    ];

    /// <summary>The paths CarrierLink's FedEx traffic goes to (what <see cref="UspsTraffic"/> records).</summary>
    public static readonly IReadOnlyList<string> ApiPrefixes = ["/oauth/token", "/registration/", "/rate/", "/ship/", "/pickup/v1/"];

    // Formats JSON Schema defines; FedEx also writes its own ("[YYYY-MM-DDTHH:MM:SSZ]", "int32"), which say nothing a validator can check.
    private static readonly HashSet<string> StandardFormats = ["date", "date-time", "time", "email", "uri", "uri-reference", "uuid", "ipv4", "ipv6", "hostname"];

    private static readonly Lazy<Task<UspsSpecs>> Shared = new(LoadAsync);

    public static Task<UspsSpecs> LoadedAsync() => Shared.Value;

    private static async Task<UspsSpecs> LoadAsync()
    {
        var folder = Path.Combine(Path.GetDirectoryName(UspsSpecs.Folder())!, "fedex");
        var registry = new SchemaRegistry();
        var build = new BuildOptions { SchemaRegistry = registry, Dialect = Dialect.Draft202012 };
        var apis = new List<UspsApiSpec>();
        foreach (var file in Files)
        {
            await using var stream = File.OpenRead(Path.Combine(folder, file));
            var read = await OpenApiDocument.LoadAsync(stream, "json", new OpenApiReaderSettings());
            var document = read.Document ?? throw new InvalidDataException($"{file} did not load: {string.Join("; ", read.Diagnostic?.Errors.Select(e => e.Message) ?? [])}");
            var json = JsonNode.Parse(await document.SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_1))!;
            ChooseFullSchemas(json);
            DropOwnFormats(json);
            var baseUri = new Uri($"https://fedex.spec.test/{file}");
            registry.Register(baseUri, new JsonElementBaseDocument(JsonSerializer.SerializeToElement(json), baseUri));
            apis.Add(new UspsApiSpec("", file, baseUri, json));
        }
        return new UspsSpecs(apis, build);
    }

    /// <summary>
    /// FedEx's request bodies are <c>oneOf</c> its full schema and its sample payloads ("Full_Schema_Ship",
    /// "MinimumSamplePayload-ShipShipment" ...). The samples are subsets of the full schema, so a real request matches
    /// several branches and oneOf can never pass; what FedEx documents is the full schema, the first branch. It is
    /// what requests are checked against.
    /// </summary>
    private static void ChooseFullSchemas(JsonNode document)
    {
        var schemas = document["components"]?["schemas"]?.AsObject();
        void Choose(JsonObject? holder, string key)
        {
            var schema = holder?[key];
            var target = schema?["$ref"]?.GetValue<string>() is { } reference && reference.StartsWith("#/components/schemas/", StringComparison.Ordinal)
                ? schemas?[reference["#/components/schemas/".Length..]] : schema;
            if (target?["oneOf"] is JsonArray { Count: > 1 } choices && choices[0]?["$ref"]?.GetValue<string>() is { } full && full.Contains("Full", StringComparison.OrdinalIgnoreCase))
                holder![key] = new JsonObject { ["$ref"] = full };
        }
        foreach (var (_, item) in document["paths"]!.AsObject())
            foreach (var (_, operation) in item!.AsObject().Where(o => o.Value is JsonObject))
                foreach (var (_, media) in operation!["requestBody"]?["content"]?.AsObject() ?? [])
                    Choose(media as JsonObject, "schema");
    }

    private static void DropOwnFormats(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["format"] is JsonValue format && format.TryGetValue<string>(out var name) && !StandardFormats.Contains(name)) obj.Remove("format");
                foreach (var (_, child) in obj.ToList()) DropOwnFormats(child);
                break;
            case JsonArray array:
                foreach (var child in array) DropOwnFormats(child);
                break;
        }
    }
}
