using System.Globalization;

namespace CarrierLink.Sandbox.Usps.Api;

/// <summary>A quote for one package.</summary>
public sealed record UspsQuote(string MailClass, string Description, string Sku, string Zone, decimal WeightLb, decimal Price, int DeliveryDays);

/// <summary>
/// A believable USPS commercial price table: prices grow with billable pounds and with the zone, which is derived
/// from the distance between the two ZIPs' first three digits (a stand-in for USPS's ZIP3-to-ZIP3 zone chart).
/// </summary>
public static class UspsPriceTable
{
    public const string GroundAdvantage = "USPS_GROUND_ADVANTAGE";
    public const string PriorityMail = "PRIORITY_MAIL";
    public const string PriorityMailExpress = "PRIORITY_MAIL_EXPRESS";

    public static IReadOnlyList<string> MailClasses { get; } = [GroundAdvantage, PriorityMail, PriorityMailExpress];

    public const decimal MaxWeightLb = 70m;

    /// <summary>Length plus girth, in inches, above which USPS refuses the piece (130 for Ground Advantage, 108 otherwise).</summary>
    public static decimal MaxLengthPlusGirth(string mailClass) => mailClass == GroundAdvantage ? 130m : 108m;

    public static bool IsKnown(string? mailClass) => mailClass is not null && MailClasses.Contains(mailClass);

    /// <summary>"01" … "08" from two 5-digit ZIPs.</summary>
    public static string Zone(string originZip, string destinationZip)
    {
        var distance = Math.Abs(int.Parse(originZip[..3], CultureInfo.InvariantCulture) - int.Parse(destinationZip[..3], CultureInfo.InvariantCulture));
        var zone = distance switch
        {
            0 => 1,
            <= 5 => 2,
            <= 30 => 3,
            <= 100 => 4,
            <= 200 => 5,
            <= 350 => 6,
            <= 600 => 7,
            _ => 8,
        };
        return zone.ToString("D2", CultureInfo.InvariantCulture);
    }

    public static bool Oversize(string mailClass, decimal? length, decimal? width, decimal? height)
    {
        var sides = new[] { length ?? 0, width ?? 0, height ?? 0 }.OrderDescending().ToArray();
        return sides[0] + (2 * (sides[1] + sides[2])) > MaxLengthPlusGirth(mailClass);
    }

    public static UspsQuote Quote(string mailClass, string originZip, string destinationZip, decimal weightLb)
    {
        var zoneText = Zone(originZip, destinationZip);
        var zone = int.Parse(zoneText, CultureInfo.InvariantCulture);
        // Billable weight: Ground Advantage under a pound is priced in 4 oz steps, everything else by whole pounds.
        var billable = mailClass == GroundAdvantage && weightLb < 1 ? Math.Ceiling(weightLb * 4) / 4 : Math.Max(1, Math.Ceiling(weightLb));
        var (description, skuPrefix, price, days) = mailClass switch
        {
            PriorityMail => ("Priority Mail Machinable Single-piece", "DPXX",
                8.70m + ((billable - 1) * 1.25m) + ((zone - 1) * (0.80m + (0.18m * billable))), zone <= 4 ? 2 : 3),
            PriorityMailExpress => ("Priority Mail Express Machinable Single-piece", "DEXX",
                28.75m + ((billable - 1) * 3.10m) + ((zone - 1) * (2.30m + (0.40m * billable))), zone <= 6 ? 1 : 2),
            _ when billable < 1 => ("USPS Ground Advantage Machinable Single-piece", "DUXP",
                4.75m + (billable * 2.40m) + ((zone - 1) * 0.30m), zone <= 4 ? 3 : 5),
            _ => ("USPS Ground Advantage Machinable Single-piece", "DUXP",
                7.50m + ((billable - 1) * 0.95m) + ((zone - 1) * (0.55m + (0.12m * billable))), zone <= 4 ? 3 : 5),
        };
        var sku = $"{skuPrefix}0XXXXC{zoneText}{Math.Ceiling(billable).ToString("000", CultureInfo.InvariantCulture)}";
        return new UspsQuote(mailClass, description, sku, zoneText, weightLb, Math.Round(price, 2), days);
    }
}
