using System.Globalization;
using CarrierLink.Carriers.Catalog;

namespace CarrierLink.Web.Health;

/// <summary>The words for a grant that ends on a known date (USPS: 7 days after consent, not extended by refreshing).</summary>
public static class GrantExpiry
{
    public static string Describe(string carrier, DateTime endsAt, DateTime now)
    {
        var name = CarrierCatalog.Find(carrier)?.ShortName ?? carrier;
        var left = endsAt - now;
        var when = left < TimeSpan.FromDays(1)
            ? $"in {Math.Max(1, (int)Math.Ceiling(left.TotalHours))} hours"
            : $"in {(int)Math.Ceiling(left.TotalDays)} days";
        return $"{name} sign-in for this account ends {when} ({endsAt.ToString("MMMM d, HH:mm 'UTC'", CultureInfo.InvariantCulture)}). Reconnect before then to keep shipping without a break.";
    }
}
