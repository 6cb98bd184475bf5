using System.Globalization;
using CarrierLink.Sandbox.FedEx.Auth;

namespace CarrierLink.Sandbox.FedEx.Api;

/// <summary>POST /rate/v1/rates/quotes (RateQuotes-Resource): every service, or the one named in serviceType, for the account.</summary>
public static class RatesEndpoint
{
    public static void MapFedExRates(this IEndpointRouteBuilder app) =>
        app.MapPost("/rate/v1/rates/quotes", QuoteAsync).RequireFedExToken();

    private static async Task<IResult> QuoteAsync(HttpContext context, TimeProvider time)
    {
        var (request, _, refusal) = await FedExApiAccess.ReadAsync(context, "accountNumber.value");
        if (refusal is not null) return refusal;
        var from = request.Text("requestedShipment.shipper.address.postalCode");
        var to = request.Text("requestedShipment.recipient.address.postalCode");
        if (from is null || to is null) return FedExErrors.BadRequest(FedExErrors.InvalidInput("requestedShipment.shipper and .recipient need an address with a postalCode."), context);
        var packages = request.Items("requestedShipment.requestedPackageLineItems");
        var weights = packages.Select(p => p.At("weight") is { } w ? FedExServices.Pounds(w) : null).ToList();
        if (weights.Count == 0 || weights.Any(w => w is null))
            return FedExErrors.BadRequest(FedExErrors.InvalidInput("every requestedPackageLineItems entry needs a weight {units: LB|KG, value > 0}."), context);

        var named = request.Text("requestedShipment.serviceType");
        var services = named is null ? FedExServices.All : FedExServices.Find(named) is { } one ? [one] : [];
        if (services.Count == 0) return FedExErrors.BadRequest(FedExErrors.InvalidInput($"serviceType {named} is not offered."), context);

        var zone = FedExServices.Zone(from, to);
        var pounds = weights.Sum(w => w!.Value);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var details = services.Select(service =>
        {
            var price = weights.Sum(w => FedExServices.Price(service, w!.Value, zone));
            return new
            {
                serviceType = service.Type,
                serviceName = service.Name,
                packagingType = request.Text("requestedShipment.packagingType") ?? "YOUR_PACKAGING",
                ratedShipmentDetails = new[]
                {
                    new
                    {
                        rateType = "ACCOUNT",
                        ratedWeightMethod = "ACTUAL",
                        totalDiscounts = 0m,
                        totalBaseCharge = price,
                        totalNetCharge = price,
                        totalNetFedExCharge = price,
                        shipmentRateDetail = new
                        {
                            rateZone = zone.ToString(CultureInfo.InvariantCulture),
                            currency = "USD",
                            totalBillingWeight = new { units = "LB", value = Math.Ceiling(pounds) },
                        },
                    },
                },
                operationalDetail = new
                {
                    deliveryDate = today.AddDays(FedExServices.TransitDays(service, zone)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T20:00:00",
                    transitTime = TransitTime(FedExServices.TransitDays(service, zone)),
                },
            };
        }).ToList();
        return FedExErrors.Ok(new { rateReplyDetails = details, quoteDate = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), isEncoded = false }, context);
    }

    /// <summary>FedEx's transit-time words ("ONE_DAY" ... "SEVEN_DAYS").</summary>
    public static string TransitTime(int days) =>
        days switch { 1 => "ONE_DAY", 2 => "TWO_DAYS", 3 => "THREE_DAYS", 4 => "FOUR_DAYS", 5 => "FIVE_DAYS", 6 => "SIX_DAYS", _ => "SEVEN_DAYS" };
}
