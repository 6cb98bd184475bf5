using System.Globalization;
using CarrierLink.Sandbox.Usps.Api;

namespace CarrierLink.Sandbox.Ups.Api;

/// <summary>
/// POST /api/shipments/{version}/ship (Shipping.yaml "Shipment") and
/// DELETE /api/shipments/{version}/void/cancel/{shipmentidentificationnumber} ("VoidShipment").
/// </summary>
public static class ShippingEndpoints
{
    public static void MapUpsShipping(this IEndpointRouteBuilder app)
    {
        var shipments = app.MapUpsApi("/api/shipments");
        shipments.MapPost("/{version}/ship", ShipAsync);
        shipments.MapDelete("/{version}/void/cancel/{shipmentidentificationnumber}", Void);
    }

    private static async Task<IResult> ShipAsync(string version, HttpContext context, UpsShipmentStore store, TimeProvider time)
    {
        if (!RatingEndpoints.Version().IsMatch(version)) return UpsErrors.BadRequest(UpsApiCodes.NotValid, "Invalid version.");
        var (body, problem) = await UpsJsonBody.ReadAsync(context, "ShipmentRequest");
        if (problem is not null) return problem;
        var caller = context.UpsCaller();

        var (shipment, refused) = UpsShipmentRequest.Read(body.Find("Shipment") ?? default, "Packaging", serviceRequired: true);
        if (shipment is null) return refused!;
        // Shipping requires Shipper/ShipperNumber: the account the shipment is shipped (and by default billed) under.
        if (shipment.ShipperNumber is null) return UpsErrors.ShipperNumberRefused(null);
        if (shipment.RefuseForeignAccounts(caller) is { } foreign) return foreign;
        if (body.Text("LabelSpecification", "LabelImageFormat", "Code") is { } format && !string.Equals(format, "GIF", StringComparison.OrdinalIgnoreCase))
            return UpsErrors.BadRequest(UpsApiCodes.NotValid, "The sandbox prints labels as GIF only (LabelImageFormat/Code GIF).");

        var service = UpsRateTable.Find(shipment.ServiceCode)!;
        var quote = UpsRateTable.Quote(service, shipment.FromZip, shipment.ToZip, shipment.WeightLb, shipment.Length, shipment.Width, shipment.Height);
        var tracking = UpsShipperNumbers.TrackingNumber(shipment.ShipperNumber, service.Code);
        store.Add(new UpsShipment(tracking, caller.Customer.Username, shipment.ShipperNumber.ToUpperInvariant(), service.Code, quote.Charge,
            shipment.FromZip, shipment.ToZip, shipment.WeightLb, shipment.References, time.GetUtcNow())
        {
            TransId = caller.TransId,
            TransactionSrc = caller.TransactionSrc,
        });

        var image = UpsLabelImage.Gif(tracking, [service.Name, $"SHIP TO {shipment.ToZip}", $"SHIPPER {shipment.ShipperNumber}", "SANDBOX - NOT VALID FOR SHIPPING"]);
        var money = (decimal value) => new { CurrencyCode = "USD", MonetaryValue = UpsRateTable.Money(value) };
        return Results.Json(new
        {
            ShipmentResponse = new
            {
                Response = UpsJsonBody.Response(body),
                ShipmentResults = new
                {
                    ShipmentCharges = new { TransportationCharges = money(quote.Charge), ServiceOptionsCharges = money(0), TotalCharges = money(quote.Charge) },
                    // Shipping.yaml fixes this Weight at 8 characters (minLength = maxLength = 8): zero-padded.
                    BillingWeight = new { UnitOfMeasurement = new { Code = "LBS", Description = "Pounds" }, Weight = quote.BillableLb.ToString("000000.0", CultureInfo.InvariantCulture) },
                    ShipmentIdentificationNumber = tracking,
                    PackageResults = new[]
                    {
                        new
                        {
                            TrackingNumber = tracking,
                            ServiceOptionsCharges = money(0),
                            ShippingLabel = new { ImageFormat = new { Code = "GIF", Description = "GIF" }, GraphicImage = Convert.ToBase64String(image) },
                        },
                    },
                },
            },
        }, UpsErrors.Json);
    }

    private static IResult Void(string version, string shipmentidentificationnumber, HttpContext context, UpsShipmentStore store)
    {
        var caller = context.UpsCaller();
        // The published shipperNumber header, when sent, must be one of the caller's accounts too.
        if (context.Request.Headers["shipperNumber"].ToString() is { Length: > 0 } shipper && !caller.Owns(shipper)) return UpsErrors.ShipperNumberRefused(shipper);
        return store.Void(caller.Customer.Username, shipmentidentificationnumber) switch
        {
            UpsChange.Done => Results.Json(new
            {
                VoidShipmentResponse = new
                {
                    Response = new { ResponseStatus = new { Code = "1", Description = "Success" } },
                    SummaryResult = new { Status = new { Code = "1", Description = "Voided" } },
                },
            }, UpsErrors.Json),
            UpsChange.AlreadyDone => UpsErrors.BadRequest(UpsApiCodes.AlreadyVoided, "The shipment has already been voided."),
            _ => UpsErrors.BadRequest(UpsApiCodes.NoShipmentToVoid, "No shipment found within the allowed void period."),
        };
    }
}
