using System.Globalization;
using System.Text.Json;
using CarrierLink.Carriers.Catalog;
using CarrierLink.Carriers.OAuth;
using CarrierLink.Carriers.Shipping;

namespace CarrierLink.Carriers.Ups;

public sealed partial class UpsShippingClient
{
    /// <summary>Rating "Shop" for every service in one call, or "Rate" for the one asked for.</summary>
    public Task<CarrierResult<IReadOnlyList<Rate>>> GetRatesAsync(CarrierSession session, RatesRequest request, CancellationToken cancellationToken)
    {
        var option = request.MailClass is null ? "Shop" : "Rate";
        return SendAsync(Request(HttpMethod.Post, $"api/rating/{_options.RatingVersion}/{option}", session, RateBody(session, request, option)),
            idempotent: true, json =>
            {
                var rated = Many(json.GetProperty("RateResponse").GetProperty("RatedShipment")).Select(ReadRate).ToList();
                // Shop answers every UPS service the lane has; CarrierLink offers the ones in its catalogue.
                var offered = rated.Where(r => CarrierServiceLists.Ups.Any(s => s.Matches(r.MailClass))).ToList();
                return Ok<IReadOnlyList<Rate>>(offered.Count > 0 ? offered : rated);
            }, settled: null, cancellationToken);
    }

    /// <summary>
    /// A read-only quote under the shipper number, billed to it: UPS refuses (120100) a shipper number the signed-in
    /// login may not use, so this proves the account is the login's own without buying anything.
    /// </summary>
    public async Task<CarrierResult<bool>> ConfirmAccountDetailsAsync(CarrierSession session, CancellationToken cancellationToken)
    {
        if (WithoutShipperNumber<bool>(session) is { } missing) return missing;
        var check = CarrierCatalog.Find(CarrierCodes.Ups)!.AccessCheck with { MailClass = CarrierServiceLists.Ups[0].Code };
        return await GetRatesAsync(session, check, cancellationToken) switch
        {
            CarrierResult<IReadOnlyList<Rate>>.Success => Ok(true),
            CarrierResult<IReadOnlyList<Rate>>.Invalid { FieldErrors: { } fields } invalid when fields.ContainsKey("shipper_number") =>
                new CarrierResult<bool>.Invalid($"UPS does not let this UPS.com login ship with shipper number {session.Identity!.AccountNumber}. {invalid.Message}", fields),
            var failure => failure.Relay<bool>(),
        };
    }

    private static object RateBody(CarrierSession session, RatesRequest request, string option)
    {
        var shipperNumber = session.Identity?.AccountNumber;
        // Rating needs no street: AddressLine stays an empty list (the yaml requires the element, not a line).
        object Place(string zip) => new { AddressLine = Array.Empty<string>(), PostalCode = zip, CountryCode = "US" };
        var package = Present(new()
        {
            ["PackagingType"] = new { Code = "02", Description = "Package" },
            ["Dimensions"] = request.LengthIn is > 0 && request.WidthIn is > 0 && request.HeightIn is > 0
                ? new { UnitOfMeasurement = new { Code = "IN", Description = "Inches" }, Length = Inches(request.LengthIn), Width = Inches(request.WidthIn), Height = Inches(request.HeightIn) }
                : null,
            ["PackageWeight"] = new { UnitOfMeasurement = new { Code = "LBS", Description = "Pounds" }, Weight = Pounds(request.WeightOz) },
        });
        var shipment = Present(new()
        {
            ["Shipper"] = Present(new() { ["Name"] = "Shipper", ["ShipperNumber"] = shipperNumber, ["Address"] = Place(request.FromZip) }),
            ["ShipTo"] = new { Name = "Recipient", Address = Place(request.ToZip) },
            ["ShipFrom"] = new { Name = "Shipper", Address = Place(request.FromZip) },
            ["PaymentDetails"] = shipperNumber is null ? null : new { ShipmentCharge = new[] { new { Type = "01", BillShipper = new { AccountNumber = shipperNumber } } } },
            ["Service"] = request.MailClass is null ? null : new { Code = request.MailClass },
            ["NumOfPieces"] = "1",
            ["Package"] = new[] { package },
        });
        return new { RateRequest = new { Request = new { RequestOption = option }, Shipment = shipment } };
    }

    private static Rate ReadRate(JsonElement rated)
    {
        var service = rated.GetProperty("Service");
        var code = service.GetProperty("Code").GetString()!;
        var name = CarrierServiceLists.Ups.FirstOrDefault(s => s.Matches(code))?.Name
            ?? (service.TryGetProperty("Description", out var d) && d.GetString() is { Length: > 0 } text ? text : code);
        int? days = rated.TryGetProperty("GuaranteedDelivery", out var delivery) && delivery.TryGetProperty("BusinessDaysInTransit", out var b)
            && int.TryParse(b.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
        var total = rated.GetProperty("TotalCharges");
        return new Rate(code, name, Amount(total), total.GetProperty("CurrencyCode").GetString() ?? "USD",
            rated.TryGetProperty("Zone", out var zone) ? zone.GetString() : null, days);
    }

    /// <summary>Whole inches, rounded up (UPS's Length/Width/Height are strings of at most 3 characters in Shipping).</summary>
    private static string Inches(decimal? value) => Math.Ceiling(value ?? 0).ToString("0", CultureInfo.InvariantCulture);
}
