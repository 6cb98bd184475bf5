using System.Text.Json.Nodes;
using CarrierLink.Carriers.Catalog;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using Shouldly;

namespace CarrierLink.Tests.Contracts;

/// <summary>
/// The catalogue's PKCE data against the carriers' published OAuth files (../shared/spec/upstream/): a carrier takes
/// PKCE when its token request declares code_verifier. USPS's does not, so PKCE is off for USPS; UPS's does.
/// </summary>
public sealed class PkceSpecTests
{
    [Theory]
    [InlineData(CarrierCodes.Usps, "usps/usps-oauth2-3.1.4.reconstructed.yaml", "/token")]
    [InlineData(CarrierCodes.Ups, "ups-oauth-authcode.yaml", "/v1/oauth/token")]
    public async Task A_carriers_catalogue_PKCE_is_whether_its_published_token_request_takes_a_code_verifier(
        string carrier, string file, string tokenPath)
    {
        var document = await LoadAsync(Path.Combine(UspsSpecs.Folder(), "..", file));
        var requestBody = document["paths"]![tokenPath]!["post"]!["requestBody"]!;

        var declared = DeclaredProperties(document, requestBody, []);

        declared.ShouldContain("code", $"{file}: the token request of the authorization code grant was not found");
        CarrierCatalog.Find(carrier)!.AcceptsPkce.ShouldBe(declared.Contains("code_verifier"),
            $"{carrier}'s catalogue entry must say PKCE exactly when {file} declares code_verifier on {tokenPath}");
    }

    private static async Task<JsonNode> LoadAsync(string path)
    {
        var settings = new OpenApiReaderSettings();
        settings.AddYamlReader();
        await using var stream = File.OpenRead(path);
        var read = await OpenApiDocument.LoadAsync(stream, "yaml", settings);
        return JsonNode.Parse(await read.Document!.SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_1))!;
    }

    /// <summary>Every property name declared under <paramref name="node"/>, following local $refs (each once: USPS's loops).</summary>
    private static HashSet<string> DeclaredProperties(JsonNode document, JsonNode? node, HashSet<string> followed)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        switch (node)
        {
            case JsonObject obj:
                if (obj["$ref"]?.GetValue<string>() is { } reference
                    && reference.StartsWith("#/", StringComparison.Ordinal) && followed.Add(reference))
                {
                    var target = reference[2..].Split('/').Aggregate<string, JsonNode?>(document, (n, key) => n?[key]);
                    names.UnionWith(DeclaredProperties(document, target, followed));
                }
                if (obj["properties"] is JsonObject properties) names.UnionWith(properties.Select(p => p.Key));
                foreach (var (_, child) in obj) names.UnionWith(DeclaredProperties(document, child, followed));
                break;
            case JsonArray array:
                foreach (var child in array) names.UnionWith(DeclaredProperties(document, child, followed));
                break;
        }
        return names;
    }
}
