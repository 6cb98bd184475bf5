using System.Text.Json;
using CarrierLink.Carriers.Catalog;
using CarrierLink.Carriers.OAuth;
using CarrierLink.Carriers.Shipping;

namespace CarrierLink.Carriers.FedEx;

public sealed partial class FedExShippingClient
{
    /// <summary>One quote call prices every service (or the one asked for); only the services CarrierLink offers are kept.</summary>
    public Task<CarrierResult<IReadOnlyList<Rate>>> GetRatesAsync(CarrierSession session, RatesRequest request, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "rate/v1/rates/quotes", session, account => new
        {
            accountNumber = FedExCalls.Account(account),
            requestedShipment = new
            {
                shipper = new { address = new { postalCode = request.FromZip, countryCode = "US" } },
                recipient = new { address = new { postalCode = request.ToZip, countryCode = "US" } },
                serviceType = request.MailClass,
                pickupType = "DROPOFF_AT_FEDEX_LOCATION",
                rateRequestType = new[] { "ACCOUNT" },
                requestedPackageLineItems = new[] { new { weight = Weight(request.WeightOz), dimensions = Dimensions(request.LengthIn, request.WidthIn, request.HeightIn) } },
            },
        }, idempotent: true, answer =>
        {
            var rates = new List<Rate>();
            foreach (var detail in answer.GetProperty("output").GetProperty("rateReplyDetails").EnumerateArray())
            {
                var type = detail.GetProperty("serviceType").GetString()!;
                if (CarrierServiceLists.FedEx.FirstOrDefault(s => s.Matches(type)) is not { } service) continue;
                var rated = detail.GetProperty("ratedShipmentDetails").EnumerateArray().First();
                var rateDetail = rated.TryGetProperty("shipmentRateDetail", out var d) ? d : default;
                rates.Add(new Rate(
                    type,
                    service.Name,
                    rated.GetProperty("totalNetCharge").GetDecimal(),
                    Text(rateDetail, "currency") ?? "USD",
                    Text(rateDetail, "rateZone"),
                    TransitDays(detail.TryGetProperty("operationalDetail", out var operational) ? Text(operational, "transitTime") : null)));
            }
            return Ok<IReadOnlyList<Rate>>(rates);
        }, cancellationToken);

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
