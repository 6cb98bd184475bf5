using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;

namespace CarrierLink.Tests.Contracts;

/// <summary>
/// Checks one recorded exchange against USPS's published operation: the operation exists, required
/// headers and query parameters are sent and no unknown ones, the body is valid for the schema of its
/// media type, the status is one USPS documents, and the answer (JSON or multipart) is valid too.
/// </summary>
public static class UspsContract
{
    public static IReadOnlyList<string> Check(UspsSpecs specs, UspsExchange exchange)
    {
        if (exchange.Method == HttpMethod.Post && exchange.Path == "/scan-forms/v3/scan-form") return CheckScanForm(exchange);
        var operation = specs.Find(exchange.Method, exchange.Path);
        if (operation is null) return [$"{exchange}: USPS publishes no {exchange.Method} {exchange.Path}"];
        var violations = new List<string>();
        void Add(string side, IEnumerable<string> found) => violations.AddRange(found.Select(v => $"{exchange} [{operation}] {side}: {v}"));
        Add("request", CheckRequest(operation, exchange));
        Add("response", CheckResponse(operation, exchange));
        return violations;
    }

    /// <summary>Only the answer: for requests a test got wrong on purpose, to see how the carrier refuses them.</summary>
    public static IReadOnlyList<string> CheckAnswer(UspsSpecs specs, UspsExchange exchange)
    {
        if (exchange.Path == "/scan-forms/v3/scan-form") return [];
        var operation = specs.Find(exchange.Method, exchange.Path);
        return operation is null
            ? [$"{exchange}: USPS publishes no {exchange.Method} {exchange.Path}"]
            : CheckResponse(operation, exchange).Select(v => $"{exchange} [{operation}] response: {v}").ToList();
    }

    /// <summary>SCAN forms against USPS's samples (no OpenAPI file is published): request, JSON part and Base64 form.</summary>
    private static List<string> CheckScanForm(UspsExchange exchange)
    {
        var violations = UspsSamples.Differences(UspsSamples.ScanFormRequest(), JsonNode.Parse(exchange.RequestBody)).Select(d => $"{exchange} request: {d}").ToList();
        if (exchange.Status != 200) return violations;
        var boundary = MediaTypeHeaderValue.Parse(exchange.ResponseContentType!).Parameters.First(p => p.Name == "boundary").Value!.Trim('"');
        var parts = ReadParts(exchange.ResponseBody, boundary);
        if (parts.Count != 2 || parts[0].Name != "Scan Form Response" || parts[1].Name != "label")
            violations.Add($"{exchange} response: parts are {string.Join(", ", parts.Select(p => p.Name ?? "(unnamed)"))}; USPS's sample has Scan Form Response, label");
        else
        {
            violations.AddRange(UspsSamples.Differences(UspsSamples.ScanFormResponse(), JsonNode.Parse(parts[0].Content)).Select(d => $"{exchange} response: {d}"));
            if (!Convert.TryFromBase64String(Encoding.ASCII.GetString(parts[1].Content).Trim(), new byte[parts[1].Content.Length], out _))
                violations.Add($"{exchange} response: the form is not Base64 text as in USPS's sample");
        }
        return violations;
    }

    private static IEnumerable<string> CheckRequest(SpecOperation operation, UspsExchange exchange)
    {
        var query = QueryHelpers.ParseQuery(exchange.Query);
        var declaredQuery = new HashSet<string>(StringComparer.Ordinal);
        foreach (var parameter in operation.Parameters)
        {
            var name = parameter["name"]!.GetValue<string>();
            var required = parameter["required"]?.GetValue<bool>() == true;
            switch (parameter["in"]!.GetValue<string>())
            {
                case "header" when required && !exchange.RequestHeaders.ContainsKey(name):
                    yield return $"required header {name} is missing";
                    break;
                case "query":
                    declaredQuery.Add(name);
                    if (required && !query.ContainsKey(name)) yield return $"required query parameter {name} is missing";
                    break;
            }
        }
        foreach (var unknown in query.Keys.Where(k => !declaredQuery.Contains(k))) yield return $"query parameter {unknown} is not in the spec";

        var requestBody = operation.Operation["requestBody"] is { } rb ? UspsSpecs.Resolve(operation.Api, rb) : null;
        if (requestBody is null)
        {
            if (exchange.RequestBody.Length > 0) yield return "sends a body the operation does not take";
            yield break;
        }
        if (exchange.RequestBody.Length == 0)
        {
            if (requestBody["required"]?.GetValue<bool>() == true) yield return "the required body is missing";
            yield break;
        }
        var mediaType = MediaType(exchange.RequestContentType);
        var content = requestBody["content"]!.AsObject();
        if (!content.ContainsKey(mediaType))
        {
            yield return $"sends {mediaType}; the spec takes {string.Join(", ", content.Select(c => c.Key))}";
            yield break;
        }
        var instance = mediaType == "application/x-www-form-urlencoded"
            ? Form(exchange.RequestBody)
            : JsonNode.Parse(exchange.RequestBody);
        var schema = UspsSpecs.Resolve(operation.Api, content[mediaType]!["schema"]!);
        var errors = schema["discriminator"]?["mapping"] is not null
            ? operation.Specs.ValidateDiscriminated(operation.Api, schema, instance)
            : operation.Specs.Validate(operation.Api, $"{operation.Location}/requestBody/content/{UspsSpecs.Escape(mediaType)}/schema", instance);
        foreach (var error in errors) yield return error;
    }

    private static IEnumerable<string> CheckResponse(SpecOperation operation, UspsExchange exchange)
    {
        var responses = operation.Operation["responses"]!.AsObject();
        var status = exchange.Status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var key = new[] { status, $"{status[0]}XX", "default" }.FirstOrDefault(responses.ContainsKey);
        if (key is null)
        {
            yield return $"status {status} is not documented (the spec has {string.Join(", ", responses.Select(r => r.Key))})";
            yield break;
        }
        var response = UspsSpecs.Resolve(operation.Api, responses[key]!);
        if (exchange.ResponseBody.Length == 0 || response["content"] is not JsonObject content) yield break;

        var mediaType = MediaType(exchange.ResponseContentType);
        var location = $"{operation.Location}/responses/{key}/content/{UspsSpecs.Escape(mediaType)}/schema";
        if (!content.ContainsKey(mediaType))
        {
            yield return $"answers {mediaType}; the spec answers {string.Join(", ", content.Select(c => c.Key))}";
            yield break;
        }
        if (mediaType == "multipart/form-data")
        {
            foreach (var error in CheckMultipart(operation, exchange, location, UspsSpecs.Resolve(operation.Api, content[mediaType]!["schema"]!))) yield return error;
            yield break;
        }
        JsonNode? body;
        string? parseError = null;
        try { body = JsonNode.Parse(exchange.ResponseBody); }
        catch (JsonException e) { body = null; parseError = e.Message; }
        if (parseError is not null) { yield return $"the body is not JSON: {parseError}"; yield break; }
        foreach (var error in operation.Specs.Validate(operation.Api, location, body)) yield return error;
    }

    /// <summary>
    /// USPS's multipart answers, as its spec describes reading them: the first part is the JSON metadata;
    /// the image parts that follow "are always Base64 encoded" and may carry only an attachment filename.
    /// The parts are assembled into the object the spec's schema describes and validated as one.
    /// </summary>
    private static IEnumerable<string> CheckMultipart(SpecOperation operation, UspsExchange exchange, string location, JsonNode schema)
    {
        var boundary = MediaTypeHeaderValue.Parse(exchange.ResponseContentType!).Parameters.FirstOrDefault(p => p.Name == "boundary")?.Value?.Trim('"');
        if (boundary is null) { yield return "multipart without a boundary"; yield break; }
        var properties = schema["properties"]?.AsObject() ?? [];
        var objectNames = properties.Where(p => UspsSpecs.Resolve(operation.Api, p.Value!)["type"]?.ToString() is "object" or null && p.Value!["$ref"] is not null).Select(p => p.Key).ToList();
        var stringNames = properties.Where(p => p.Value!["type"]?.ToString() == "string").Select(p => p.Key).ToList();

        var assembled = new JsonObject();
        var parts = ReadParts(exchange.ResponseBody, boundary);
        for (var i = 0; i < parts.Count; i++)
        {
            var (name, contentType, bytes) = parts[i];
            if (MediaType(contentType) == "application/json" || (i == 0 && name is null))
            {
                JsonNode? json = null;
                string? error = null;
                try { json = JsonNode.Parse(bytes); } catch (JsonException e) { error = e.Message; }
                if (error is not null) { yield return $"part {i + 1} is not JSON: {error}"; continue; }
                var key = name is not null && properties.ContainsKey(name) ? name : objectNames.FirstOrDefault(n => !assembled.ContainsKey(n)) ?? $"part{i + 1}";
                assembled[key] = json;
            }
            else
            {
                var text = Encoding.ASCII.GetString(bytes).Trim();
                var isBase64 = text.Length > 0 && Convert.TryFromBase64String(text.Replace("\r", "").Replace("\n", ""), new byte[text.Length], out _);
                if (!isBase64) yield return $"image part {i + 1} ({contentType}) is not Base64 text as the spec says it always is";
                var key = name is not null && properties.ContainsKey(name) ? name : stringNames.FirstOrDefault(n => !assembled.ContainsKey(n)) ?? $"part{i + 1}";
                assembled[key] = text;
            }
        }
        foreach (var error in operation.Specs.Validate(operation.Api, location, assembled)) yield return error;
    }

    private static List<(string? Name, string? ContentType, byte[] Content)> ReadParts(byte[] body, string boundary)
    {
        var reader = new MultipartReader(boundary, new MemoryStream(body));
        var parts = new List<(string?, string?, byte[])>();
        while (reader.ReadNextSectionAsync().GetAwaiter().GetResult() is { } section)
        {
            using var buffer = new MemoryStream();
            section.Body.CopyTo(buffer);
            string? name = null;
            if (Microsoft.Net.Http.Headers.ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) && disposition.Name.HasValue)
                name = disposition.Name.Value!.Trim('"');
            parts.Add((name, section.ContentType, buffer.ToArray()));
        }
        return parts;
    }

    private static JsonObject Form(byte[] body)
    {
        var form = new JsonObject();
        foreach (var (key, value) in QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body))) form[key] = value.ToString();
        return form;
    }

    private static string MediaType(string? contentType) =>
        contentType is null ? "" : MediaTypeHeaderValue.TryParse(contentType, out var parsed) ? parsed.MediaType ?? "" : contentType;
}
