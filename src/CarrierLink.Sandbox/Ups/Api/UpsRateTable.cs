using System.Globalization;

namespace CarrierLink.Sandbox.Ups.Api;

/// <summary>A UPS service by its code (Rating/Shipping Service.Code), with its name and days in transit.</summary>
public sealed record UpsService(string Code, string Name, int BaseDays);

/// <summary>A quote for one package of one service.</summary>
public sealed record UpsQuote(UpsService Service, string Zone, decimal BillableLb, decimal Charge, int BusinessDays);

/// <summary>
/// A believable UPS daily-rates table (the sandbox's own numbers): the zone comes from the distance between the two
/// ZIPs' first three digits, billable weight is the larger of actual and dimensional weight (L×W×H / 139, UPS's
/// daily-rates divisor), rounded up to the pound.
/// </summary>
public static class UpsRateTable
{
    public static readonly IReadOnlyList<UpsService> Services =
    [
        new("03", "UPS Ground", 5),
        new("12", "UPS 3 Day Select", 3),
        new("02", "UPS 2nd Day Air", 2),
        new("01", "UPS Next Day Air", 1),
    ];

    public const decimal MaxWeightLb = 150m;

    public static UpsService? Find(string? code) => Services.FirstOrDefault(s => s.Code == code);

    public static UpsQuote Quote(UpsService service, string fromZip, string toZip, decimal weightLb, decimal? length, decimal? width, decimal? height)
    {
        var distance = Math.Abs(Zip3(fromZip) - Zip3(toZip));
        var zone = distance switch { 0 => 2, <= 5 => 3, <= 30 => 4, <= 100 => 5, <= 200 => 6, <= 350 => 7, _ => 8 };
        var dimensional = length is > 0 && width is > 0 && height is > 0 ? length.Value * width.Value * height.Value / 139m : 0;
        var billable = Math.Max(1, Math.Ceiling(Math.Max(weightLb, dimensional)));
        var (start, perLb, perZone) = service.Code switch
        {
            "12" => (19.80m, 1.85m, 2.10m),
            "02" => (26.40m, 2.60m, 3.40m),
            "01" => (48.90m, 4.75m, 6.20m),
            _ => (10.95m, 0.90m, 1.05m),
        };
        var charge = Math.Round(start + ((billable - 1) * perLb) + ((zone - 2) * perZone), 2);
        var days = service.Code == "03" ? Math.Max(1, zone - 2) : service.BaseDays;
        return new UpsQuote(service, zone.ToString("000", CultureInfo.InvariantCulture), billable, charge, days);
    }

    public static string Money(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    private static int Zip3(string zip) => int.Parse(zip[..3], CultureInfo.InvariantCulture);
}
