using System.Text.RegularExpressions;
using CarrierLink.Carriers.Catalog;
using Shouldly;

namespace CarrierLink.Tests.Unit;

/// <summary>The catalogue's endpoints are the carriers' published paths: each one ends with a path of the carrier's own files.</summary>
public sealed partial class CarrierProtocolSpecTests
{
    public static TheoryData<string, string> PublishedCarriers => new()
    {
        { CarrierCodes.Usps, "usps" },
        { CarrierCodes.Ups, "ups" },
        { CarrierCodes.FedEx, "fedex" },
    };

    [Theory]
    [MemberData(nameof(PublishedCarriers))]
    public void Every_catalogue_endpoint_is_a_published_path(string carrier, string folder)
    {
        var published = PublishedPaths(folder);
        published.ShouldNotBeEmpty();
        foreach (var (name, path) in CarrierCatalog.Get(carrier).Protocol!.Endpoints)
        {
            if (Unpublished.Contains((carrier, name))) continue;
            var shape = Shape(path);
            published.Any(p => shape.EndsWith(p, StringComparison.Ordinal))
                .ShouldBeTrue($"{carrier} endpoint '{name}' ({path}) is not a path of the published files in upstream/{folder}.");
        }
    }

    /// <summary>USPS publishes no OpenAPI file for SCAN forms here (carrier-protocols.md takes them from USPS/api-examples).</summary>
    private static readonly HashSet<(string, string)> Unpublished = [(CarrierCodes.Usps, "end_of_day")];

    [Fact]
    public void Every_carrier_has_a_settings_section_and_a_protocol()
    {
        foreach (var carrier in CarrierCatalog.All)
        {
            carrier.SettingsSection.ShouldStartWith("Carriers:");
            carrier.Protocol.ShouldNotBeNull();
        }
    }

    private static List<string> PublishedPaths(string folder)
    {
        var upstream = Path.GetDirectoryName(Contracts.UspsSpecs.Folder())!;
        var root = Path.Combine(upstream, folder);
        var files = Directory.EnumerateFiles(root, "*.*", SearchOption.TopDirectoryOnly)
            .Concat(folder == "ups" ? Directory.EnumerateFiles(upstream, "ups-oauth-*.yaml") : []);
        return files
            .SelectMany(f => PathKey().Matches(File.ReadAllText(f)).Select(m => Shape(m.Groups["path"].Value)))
            .Where(p => p.Length > 1)
            .Distinct()
            .ToList();
    }

    /// <summary>Placeholders compare by position only ({version} and {deprecatedVersion} are the same slot).</summary>
    private static string Shape(string path) => Placeholder().Replace(path, "{}");

    // A path key of an OpenAPI file: `  "/x/{y}":` or `  /x/{y}:` in YAML, `"/x/{y}": {` in JSON.
    [GeneratedRegex(@"^\s*""?(?<path>/[A-Za-z0-9_\-/{}.]*)""?\s*:\s*\{?\s*$", RegexOptions.Multiline)]
    private static partial Regex PathKey();

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Placeholder();
}
