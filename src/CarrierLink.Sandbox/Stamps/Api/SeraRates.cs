using CarrierLink.Sandbox.Usps.Api;

namespace CarrierLink.Sandbox.Stamps.Api;

/// <summary>A service One Balance can buy postage for.</summary>
public sealed record SeraService(string Carrier, string ServiceType, string ServiceName, decimal MaxWeightOz, string? UspsMailClass = null);

public sealed record SeraQuote(SeraService Service, decimal Amount, int DeliveryDays);

/// <summary>
/// The services and prices of the sandbox One Balance account, as data. USPS prices come from the sandbox's USPS table;
/// UPS prices are a plausible table of the same shape (base + per pound + per zone), not UPS's.
/// </summary>
public static class SeraRates
{
    public const string Usps = "usps";
    public const string Ups = "ups";

    public static IReadOnlyList<string> Carriers { get; } = [Usps, Ups];

    public static IReadOnlyList<SeraService> Services { get; } =
    [
        new(Usps, "usps_ground_advantage", "USPS Ground Advantage", 1120m, UspsPriceTable.GroundAdvantage),
        new(Usps, "usps_priority_mail", "USPS Priority Mail", 1120m, UspsPriceTable.PriorityMail),
        new(Usps, "usps_priority_mail_express", "USPS Priority Mail Express", 1120m, UspsPriceTable.PriorityMailExpress),
        new(Ups, "ups_ground", "UPS Ground", 2400m),
        new(Ups, "ups_3_day_select", "UPS 3 Day Select", 2400m),
        new(Ups, "ups_2nd_day_air", "UPS 2nd Day Air", 2400m),
        new(Ups, "ups_next_day_air", "UPS Next Day Air", 2400m),
    ];

    public static IEnumerable<SeraService> For(string carrier) => Services.Where(s => s.Carrier == carrier);

    public static SeraService? Find(string carrier, string? serviceType) =>
        Services.FirstOrDefault(s => s.Carrier == carrier && s.ServiceType == serviceType);

    public static SeraQuote Quote(SeraService service, string fromZip, string toZip, decimal weightOz)
    {
        if (service.UspsMailClass is { } mailClass)
        {
            var usps = UspsPriceTable.Quote(mailClass, fromZip, toZip, weightOz / 16);
            return new SeraQuote(service, usps.Price, usps.DeliveryDays);
        }

        var zone = int.Parse(UspsPriceTable.Zone(fromZip, toZip), System.Globalization.CultureInfo.InvariantCulture);
        var pounds = Math.Max(1, Math.Ceiling(weightOz / 16));
        var (basePrice, perPound, perZone, perZonePound, days) = service.ServiceType switch
        {
            "ups_next_day_air" => (58.40m, 4.60m, 3.90m, 0.55m, 1),
            "ups_2nd_day_air" => (31.75m, 2.85m, 2.10m, 0.32m, 2),
            "ups_3_day_select" => (24.50m, 2.10m, 1.60m, 0.25m, 3),
            _ => (11.20m, 1.05m, 0.85m, 0.14m, zone switch { <= 2 => 1, 3 => 2, 4 => 3, <= 6 => 4, _ => 5 }),
        };
        var amount = basePrice + ((pounds - 1) * perPound) + ((zone - 1) * (perZone + (perZonePound * pounds)));
        return new SeraQuote(service, Math.Round(amount, 2), days);
    }
}
