using System.Net.Http.Json;
using System.Text.Json;
using CarrierLink.Carriers.OAuth;
using CarrierLink.Carriers.Shipping;

namespace CarrierLink.Carriers.Usps;

public sealed partial class UspsShippingClient
{
    /// <summary>The domestic package classes CarrierLink offers, cheapest first.</summary>
    public static readonly IReadOnlyList<string> MailClasses = ["USPS_GROUND_ADVANTAGE", "PRIORITY_MAIL", "PRIORITY_MAIL_EXPRESS"];

    public async Task<CarrierResult<IReadOnlyList<Rate>>> GetRatesAsync(CarrierSession session, RatesRequest request, CancellationToken cancellationToken)
    {
        // base-rates/search prices one mail class per call, so "all rates" is one call per class, sent side by
        // side: the merchant waits for the slowest class, not for the sum of them.
        var classes = request.MailClass is null ? MailClasses : [request.MailClass];
        var results = await Task.WhenAll(classes.Select(mailClass => PriceAsync(session, request, mailClass, cancellationToken)));
        if (results.FirstOrDefault(r => r is not CarrierResult<Rate>.Success) is { } failed) return failed.Relay<IReadOnlyList<Rate>>();
        return Ok<IReadOnlyList<Rate>>(results.Select(r => ((CarrierResult<Rate>.Success)r).Value).ToList());
    }

    private Task<CarrierResult<Rate>> PriceAsync(CarrierSession session, RatesRequest request, string mailClass, CancellationToken cancellationToken)
    {
        var body = new Dictionary<string, object?>
        {
            ["originZIPCode"] = request.FromZip,
            ["destinationZIPCode"] = request.ToZip,
            ["weight"] = Pounds(request.WeightOz),
            ["length"] = request.LengthIn ?? 0,
            ["width"] = request.WidthIn ?? 0,
            ["height"] = request.HeightIn ?? 0,
            ["mailClass"] = mailClass,
            ["processingCategory"] = "MACHINABLE",
            ["destinationEntryFacilityType"] = "NONE",
            ["rateIndicator"] = "SP",
            ["priceType"] = "COMMERCIAL",
            ["mailingDate"] = Date(Today),
        };
        return SendAsync(Request(HttpMethod.Post, "prices/v3/base-rates/search", session, body), idempotent: true, async response =>
        {
            var json = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            var first = json.GetProperty("rates").EnumerateArray().First();
            return Ok(new Rate(
                mailClass,
                first.TryGetProperty("description", out var d) ? d.GetString() ?? mailClass : mailClass,
                first.GetProperty("price").GetDecimal(),
                "USD",
                first.TryGetProperty("zone", out var z) ? z.GetString() : null,
                null));
        }, cancellationToken);
    }

    private static decimal Pounds(decimal ounces) => Math.Round(ounces / 16m, 4);
}
