using System.Text.RegularExpressions;
using CarrierLink.Sandbox.Usps.Api;

namespace CarrierLink.Sandbox.Ups.Api;

/// <summary>POST /api/rating/{version}/{requestoption} (Rating.yaml "Rate"): Rate prices one service, Shop every service.</summary>
public static partial class RatingEndpoints
{
    private static readonly string[] Options = ["Rate", "Shop", "Ratetimeintransit", "Shoptimeintransit"];

    public static void MapUpsRating(this IEndpointRouteBuilder app) =>
        app.MapUpsApi("/api/rating").MapPost("/{version}/{requestoption}", RateAsync);

    private static async Task<IResult> RateAsync(string version, string requestoption, HttpContext context)
    {
        var option = Options.FirstOrDefault(o => string.Equals(o, requestoption, StringComparison.OrdinalIgnoreCase));
        if (!Version().IsMatch(version) || option is null)
            return UpsErrors.BadRequest(UpsApiCodes.NotValid, "Invalid version or requestoption (Rate, Shop, Ratetimeintransit, Shoptimeintransit).");
        var (body, problem) = await UpsJsonBody.ReadAsync(context, "RateRequest");
        if (problem is not null) return problem;

        var shop = option.StartsWith("Shop", StringComparison.Ordinal);
        var (shipment, refused) = UpsShipmentRequest.Read(body.Find("Shipment") ?? default, "PackagingType", serviceRequired: !shop);
        if (shipment is null) return refused!;
        if (shipment.RefuseForeignAccounts(context.UpsCaller()) is { } foreign) return foreign;

        var services = shop ? UpsRateTable.Services : [UpsRateTable.Find(shipment.ServiceCode)!];
        var rated = services.Select(s => UpsRateTable.Quote(s, shipment.FromZip, shipment.ToZip, shipment.WeightLb, shipment.Length, shipment.Width, shipment.Height))
            .Select(RatedShipment).ToList();
        return Results.Json(new { RateResponse = new { Response = UpsJsonBody.Response(body), RatedShipment = rated } }, UpsErrors.Json);
    }

    private static object RatedShipment(UpsQuote quote)
    {
        var money = (decimal value) => new { CurrencyCode = "USD", MonetaryValue = UpsRateTable.Money(value) };
        var billing = new { UnitOfMeasurement = new { Code = "LBS", Description = "Pounds" }, Weight = UpsRateTable.Money(quote.BillableLb)[..^1] };
        return new
        {
            Service = new { Code = quote.Service.Code, Description = quote.Service.Name },
            Zone = quote.Zone,
            BillingWeight = billing,
            TransportationCharges = money(quote.Charge),
            ServiceOptionsCharges = money(0),
            TotalCharges = money(quote.Charge),
            GuaranteedDelivery = new { BusinessDaysInTransit = quote.BusinessDays.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            RatedPackage = new[]
            {
                new { TransportationCharges = money(quote.Charge), ServiceOptionsCharges = money(0), TotalCharges = money(quote.Charge), Weight = billing.Weight, BillingWeight = billing },
            },
        };
    }

    /// <summary>UPS's versions are "v" and digits (v2409, and the deprecated v1, v2403 ...).</summary>
    [GeneratedRegex("^v[0-9]{1,4}$")]
    internal static partial Regex Version();
}
