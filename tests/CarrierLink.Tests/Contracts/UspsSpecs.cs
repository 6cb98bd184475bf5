using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace CarrierLink.Tests.Contracts;

/// <summary>One USPS API as USPS publishes it: its OpenAPI file, upgraded to 3.1 (schemas are JSON Schema 2020-12).</summary>
public sealed record UspsApiSpec(string Prefix, string File, Uri BaseUri, JsonNode Document);

/// <summary>
/// USPS's published OpenAPI files (../shared/spec/upstream/usps/), read by Microsoft.OpenApi and served to
/// JsonSchema.Net as documents its <c>$ref</c>s resolve into. Loaded once per test run.
/// </summary>
public sealed class UspsSpecs
{
    private static readonly (string Prefix, string File)[] Files =
    [
        ("/oauth2/v3", "usps-oauth2-3.1.4.reconstructed.yaml"),
        ("/labels/v3", "usps-labels_6_0.yaml"),
        ("/prices/v3", "usps-domestic-prices_13.yaml"),
        ("/payments/v3", "usps-payments_6.yaml"),
        ("/scan-forms/v3", "scan-forms"),
        ("/pickup/v3", "usps-carrier-pickup_5.yaml"),
    ];

    private static readonly Lazy<Task<UspsSpecs>> Shared = new(LoadAsync);

    /// <summary>Other carriers' published files (FedExSpecs) are checked by the same machinery.</summary>
    internal UspsSpecs(IReadOnlyList<UspsApiSpec> apis, BuildOptions build)
    {
        Apis = apis;
        Build = build;
    }

    public IReadOnlyList<UspsApiSpec> Apis { get; }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, JsonSchema> _built = new();

    /// <summary>Build options whose registry holds every USPS document, so a $ref into any of them resolves.</summary>
    public BuildOptions Build { get; }

    public static Task<UspsSpecs> LoadedAsync() => Shared.Value;

    /// <summary>The folder of USPS's published files: ../shared/spec/upstream/usps beside the repository.</summary>
    public static string Folder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "spec", "upstream", "usps");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException("USPS's published OpenAPI files were not found in ../shared/spec/upstream/usps (next to the repository).");
    }

    private static Task<UspsSpecs> LoadAsync() => LoadFilesAsync(Folder(), Files, prepare: null);

    /// <summary>
    /// Loads published OpenAPI files (paths relative to <paramref name="folder"/>) the same way: another carrier's
    /// (UpsSpecs) reuse it. <paramref name="prepare"/> may correct a document's text or JSON where its publisher
    /// contradicts itself; each correction is named where it is made.
    /// </summary>
    public static async Task<UspsSpecs> LoadFilesAsync(string folder, IReadOnlyList<(string Prefix, string File)> files,
        (Func<string, string> Text, Action<string, JsonNode> Json)? prepare)
    {
        var registry = new SchemaRegistry();
        // OpenAPI 3.1 schemas are 2020-12 plus OpenAPI's own keywords (discriminator, xml, example), which 2020-12 allows.
        var build = new BuildOptions { SchemaRegistry = registry, Dialect = Dialect.Draft202012 };
        var apis = new List<UspsApiSpec>();
        foreach (var (prefix, file) in files)
        {
            // USPS publishes no OpenAPI file for SCAN forms; only its samples (usps-api-examples/) say what they look like.
            if (!file.EndsWith(".yaml", StringComparison.Ordinal)) continue;
            var settings = new OpenApiReaderSettings();
            settings.AddYamlReader();
            var text = await File.ReadAllTextAsync(Path.Combine(folder, file));
            await using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(prepare?.Text(text) ?? text));
            var read = await OpenApiDocument.LoadAsync(stream, "yaml", settings);
            var document = read.Document ?? throw new InvalidDataException($"{file} did not load: {string.Join("; ", read.Diagnostic?.Errors.Select(e => e.Message) ?? [])}");
            var json = JsonNode.Parse(await document.SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_1))!;
            LiftClosedCompositions(json);
            RequireOneOfChoices(json);
            prepare?.Json(file, json);
            var baseUri = new Uri($"https://usps.spec.test/{file.Replace(".yaml", ".json", StringComparison.Ordinal)}");
            registry.Register(baseUri, new JsonElementBaseDocument(JsonSerializer.SerializeToElement(json), baseUri));
            apis.Add(new UspsApiSpec(prefix, file, baseUri, json));
        }
        return new UspsSpecs(apis, build);
    }

    /// <summary>
    /// USPS closes composed schemas with <c>additionalProperties: false</c> beside (or inside) <c>allOf</c>, meaning
    /// "no properties but those of the parts"; in JSON Schema that keyword sees only its own schema's properties,
    /// so as written no instance could pass. JSON Schema 2020-12 says what USPS means with
    /// <c>unevaluatedProperties: false</c> on the composed schema, so that is what it becomes (docs/decisions/0004).
    /// </summary>
    private static void LiftClosedCompositions(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject schema:
                if (schema["allOf"] is JsonArray parts)
                {
                    var closed = IsFalse(schema["additionalProperties"]);
                    foreach (var part in parts.OfType<JsonObject>().Where(p => IsFalse(p["additionalProperties"])))
                    {
                        part.Remove("additionalProperties");
                        closed = true;
                    }
                    if (closed)
                    {
                        schema.Remove("additionalProperties");
                        schema["unevaluatedProperties"] = false;
                    }
                }
                foreach (var (_, child) in schema.ToList()) LiftClosedCompositions(child);
                break;
            case JsonArray array:
                foreach (var child in array) LiftClosedCompositions(child);
                break;
        }
    }

    /// <summary>
    /// USPS offers alternatives as <c>oneOf</c> object schemas none of which requires anything (a pickup contact is
    /// <c>oneOf: [{email}, {cellNumber}]</c>), so every object matches every branch and oneOf can never pass. The
    /// meaning is "exactly one of these shapes": each branch then requires the properties it names (decision 0004).
    /// </summary>
    private static void RequireOneOfChoices(JsonNode document)
    {
        if (document["components"]?["schemas"] is not JsonObject components) return;
        foreach (var (_, candidate) in components)
        {
            if (candidate?["oneOf"] is not JsonArray choices) continue;
            var branches = choices.Select(c => c?["$ref"]?.GetValue<string>() is { } r && r.StartsWith("#/components/schemas/", StringComparison.Ordinal)
                ? components[r["#/components/schemas/".Length..]] as JsonObject
                : c as JsonObject).ToList();
            if (branches.Any(b => b is null || b["required"] is not null || b["properties"] is not JsonObject)) continue;
            foreach (var branch in branches)
                branch!["required"] = new JsonArray([.. branch["properties"]!.AsObject().Select(p => (JsonNode)JsonValue.Create(p.Key)!)]);
        }
    }

    private static bool IsFalse(JsonNode? node) => node is JsonValue value && value.TryGetValue<bool>(out var b) && !b;

    /// <summary>The API, the operation and its path template for a request CarrierLink made, if USPS has one.</summary>
    public SpecOperation? Find(HttpMethod method, string path)
    {
        // Several APIs may share a prefix (UPS's all live under /api, FedEx's ship and Ground close under /ship/v1): the first that has this operation answers.
        foreach (var api in Apis.Where(a => path.StartsWith(a.Prefix + "/", StringComparison.Ordinal)))
        {
            var local = path[api.Prefix.Length..];
            foreach (var (template, item) in api.Document["paths"]!.AsObject())
            {
                var pattern = "^" + Regex.Replace(Regex.Escape(template), @"\\\{[^}]+}", "[^/]+") + "$";
                if (!Regex.IsMatch(local, pattern)) continue;
                if (item![method.Method.ToLowerInvariant()] is not { } operation) continue;
                return new SpecOperation(this, api, template, method.Method.ToLowerInvariant(), item.AsObject(), operation.AsObject());
            }
        }
        return null;
    }

    /// <summary>Validates <paramref name="instance"/> against the schema at <paramref name="location"/> (a JSON pointer) in <paramref name="api"/>.</summary>
    public IReadOnlyList<string> Validate(UspsApiSpec api, string location, JsonNode? instance)
    {
        var target = $"{api.BaseUri}#{location}";
        var schema = _built.GetOrAdd(target, t =>
        {
            var id = new Uri($"https://usps.spec.test/check/{Guid.NewGuid():N}.json");
            return JsonSchema.FromText($$"""{"$id": "{{id}}", "$ref": "{{t}}"}""", Build, id);
        });
        return Errors(schema.Evaluate(JsonSerializer.SerializeToElement(instance),
            new EvaluationOptions { OutputFormat = OutputFormat.Hierarchical, RequireFormatValidation = true }), "");
    }

    /// <summary>
    /// Validates against a schema chosen by its discriminator, flattened first. USPS's OAuth token request
    /// (the only such schema) loops on itself (TokenRequest oneOf ClientCredentials allOf TokenRequest) and puts
    /// additionalProperties: false beside allOf, which no instance can pass: see docs/decisions/0004.
    /// The grant's schema is merged along its allOf chain (properties and required united, the loop cut).
    /// </summary>
    public IReadOnlyList<string> ValidateDiscriminated(UspsApiSpec api, JsonNode schema, JsonNode? instance)
    {
        var property = schema["discriminator"]!["propertyName"]!.GetValue<string>();
        var value = instance?[property]?.GetValue<string>();
        if (value is null || schema["discriminator"]!["mapping"]?[value]?.GetValue<string>() is not { } target)
            return [$"(body): {property} must be one of {string.Join(", ", schema["discriminator"]!["mapping"]!.AsObject().Select(m => m.Key))}"];
        var merged = new JsonObject { ["type"] = "object", ["properties"] = new JsonObject(), ["required"] = new JsonArray(), ["additionalProperties"] = false };
        Merge(api, JsonNode.Parse($$"""{"$ref": "{{target}}"}""")!, merged, []);
        var id = new Uri($"https://usps.spec.test/flattened/{api.File}/{value}/{Guid.NewGuid():N}.json");
        merged["$id"] = id.ToString();

        var built = JsonSchema.FromText(merged.ToJsonString(), Build, id);
        return Errors(built.Evaluate(JsonSerializer.SerializeToElement(instance),
            new EvaluationOptions { OutputFormat = OutputFormat.Hierarchical, RequireFormatValidation = true }), $"flattened {value}");
    }

    /// <summary>
    /// The errors of the failing branches only: a oneOf that passes through one branch reports nothing for
    /// the branches it did not take.
    /// </summary>
    private static List<string> Errors(EvaluationResults result, string note)
    {
        var found = new List<string>();
        void Walk(EvaluationResults node)
        {
            if (node.IsValid) return;
            foreach (var (_, message) in node.Errors ?? new Dictionary<string, string>())
            {
                var at = node.InstanceLocation.ToString();
                found.Add($"{(at.Length == 0 ? "(body)" : at)}: {message} [{(note.Length > 0 ? note : node.EvaluationPath.ToString())}]");
            }
            foreach (var child in node.Details ?? []) Walk(child);
        }
        Walk(result);
        return found.Distinct().ToList();
    }

    private static void Merge(UspsApiSpec api, JsonNode node, JsonObject into, HashSet<string> seen)
    {
        if (node["$ref"]?.GetValue<string>() is { } reference && !seen.Add(reference)) return;
        node = Resolve(api, node);
        foreach (var (name, property) in node["properties"]?.AsObject() ?? [])
            into["properties"]![name] ??= property!.DeepClone();
        foreach (var required in node["required"]?.AsArray() ?? [])
            if (!into["required"]!.AsArray().Any(r => r!.GetValue<string>() == required!.GetValue<string>())) into["required"]!.AsArray().Add(required!.DeepClone());
        foreach (var part in node["allOf"]?.AsArray() ?? []) Merge(api, part!, into, seen);
    }

    /// <summary>Follows a local $ref ("#/components/...") within the API's own document.</summary>
    public static JsonNode Resolve(UspsApiSpec api, JsonNode node)
    {
        while (node["$ref"]?.GetValue<string>() is { } reference && reference.StartsWith("#/", StringComparison.Ordinal))
        {
            node = reference[2..].Split('/').Select(Unescape).Aggregate(api.Document, (current, segment) => current[segment]!);
        }
        return node;
    }

    public static string Escape(string segment) => segment.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static string Unescape(string segment) => segment.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
}

/// <summary>An operation of a USPS API, with the JSON pointer of its parts in the document.</summary>
public sealed record SpecOperation(UspsSpecs Specs, UspsApiSpec Api, string Template, string Method, JsonObject PathItem, JsonObject Operation)
{
    public string Location => $"/paths/{UspsSpecs.Escape(Template)}/{Method}";

    public override string ToString() => $"{Method.ToUpperInvariant()} {Api.Prefix}{Template}";

    /// <summary>The operation's parameters, path-level ones included, with their $refs followed.</summary>
    public IEnumerable<JsonNode> Parameters =>
        (PathItem["parameters"]?.AsArray() ?? []).Concat(Operation["parameters"]?.AsArray() ?? [])
        .OfType<JsonNode>().Select(p => UspsSpecs.Resolve(Api, p));
}
