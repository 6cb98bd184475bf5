using System.Text.Json.Nodes;

namespace CarrierLink.Tests.Contracts;

/// <summary>
/// UPS's published OpenAPI files (../shared/spec/upstream/ups-oauth-authcode.yaml and ups/), loaded by the same machinery
/// as USPS's (<see cref="UspsSpecs.LoadFilesAsync"/>) and checked by the same <see cref="UspsContract"/>.
/// Paths are local to each file's server: https://onlinetools.ups.com/security for OAuth, …/api for the APIs.
/// </summary>
public static class UpsSpecs
{
    private static readonly (string Prefix, string File)[] Files =
    [
        ("/security", "../ups-oauth-authcode.yaml"),
        ("/api", "../ups/Rating.yaml"),
        ("/api", "../ups/Shipping.yaml"),
        ("/api", "../ups/Pickup.yaml"),
    ];

    /// <summary>The paths UPS's traffic uses, for the recorder.</summary>
    public static readonly IReadOnlyList<string> TrafficPrefixes = ["/security/v1/oauth/", "/api/"];

    private static readonly Lazy<Task<UspsSpecs>> Shared = new(() => UspsSpecs.LoadFilesAsync(UspsSpecs.Folder(), Files, (Text, Json)));

    public static Task<UspsSpecs> LoadedAsync() => Shared.Value;

    /// <summary>Shipping.yaml has tab characters after some quoted descriptions; YAML allows them there only as white space, so they become spaces.</summary>
    private static string Text(string yaml) => yaml.Replace('\t', ' ');

    /// <summary>
    /// Where UPS's file contradicts itself, its own words and samples win:
    /// Pickup's PickupDate is described as "Format: yyyyMMdd" and UPS's sample sends '20221214', but the schema says
    /// maxLength 4, which no date could pass; Rating's Service Code lists two-digit values ("03 = Ground") and UPS's
    /// first sample sends '03', but the schema says minLength 3.
    /// </summary>
    private static void Json(string file, JsonNode document)
    {
        var schemas = document["components"]?["schemas"];
        if (file.EndsWith("Pickup.yaml", StringComparison.Ordinal) && schemas?["PickupCreationRequest_PickupDateInfo"]?["properties"]?["PickupDate"] is JsonObject date)
        {
            date["minLength"] = 8;
            date["maxLength"] = 8;
        }
        if (file.EndsWith("Rating.yaml", StringComparison.Ordinal) && schemas?["Shipment_Service"]?["properties"]?["Code"] is JsonObject service)
        {
            service["minLength"] = 2;
        }
    }
}
