namespace CarrierLink.Sandbox.FedEx.Api;

/// <summary>A FedEx service the sandbox rates and ships, with its (invented) price rule: base + per pound + per zone.</summary>
public sealed record FedExService(string Type, string Name, string CarrierCode, decimal Base, decimal PerPound, decimal PerZone, int? TransitDays);

/// <summary>The services played, as FedEx names them (serviceType / serviceName); prices are sandbox data, not FedEx's.</summary>
public static class FedExServices
{
    public static readonly IReadOnlyList<FedExService> All =
    [
        new("FEDEX_GROUND", "FedEx Ground®", "FDXG", 9.50m, 0.95m, 0.60m, null),
        new("FEDEX_2_DAY", "FedEx 2Day®", "FDXE", 18.40m, 2.10m, 1.50m, 2),
        new("STANDARD_OVERNIGHT", "FedEx Standard Overnight®", "FDXE", 32.75m, 3.40m, 2.25m, 1),
        new("PRIORITY_OVERNIGHT", "FedEx Priority Overnight®", "FDXE", 38.90m, 3.90m, 2.60m, 1),
    ];

    public static FedExService? Find(string? type) => All.FirstOrDefault(s => s.Type == type);

    /// <summary>Zones 2 to 8 from how far apart the ZIP codes' first three digits are (a sandbox rule).</summary>
    public static int Zone(string fromPostal, string toPostal)
    {
        static int Prefix(string zip) => zip.Length >= 3 && int.TryParse(zip[..3], out var p) ? p : 0;
        return 2 + Math.Min(6, Math.Abs(Prefix(fromPostal) - Prefix(toPostal)) / 120);
    }

    public static decimal Price(FedExService service, decimal pounds, int zone) =>
        Math.Round(service.Base + service.PerPound * Math.Ceiling(Math.Max(pounds, 0.1m)) + service.PerZone * zone, 2);

    /// <summary>Ground's days in transit grow with the zone; the express services promise theirs.</summary>
    public static int TransitDays(FedExService service, int zone) => service.TransitDays ?? Math.Min(5, Math.Max(1, zone - 1));

    /// <summary>A weight object {units: LB|KG, value} in pounds, or null.</summary>
    public static decimal? Pounds(System.Text.Json.JsonElement weight) =>
        weight.Number("value") is { } value && value > 0
            ? weight.Text("units") switch { "LB" => value, "KG" => Math.Round(value * 2.20462m, 3), _ => null }
            : null;
}
