using System.Text.Json;
using CarrierLink.Carriers.Catalog;
using CarrierLink.Carriers.OAuth;
using CarrierLink.Carriers.Shipping;

namespace CarrierLink.Carriers.Ups;

public sealed partial class UpsShippingClient
{
    /// <summary>
    /// Shipping "Shipment" under the shipper number, billed to it, with a GIF label (the image format UPS prints for
    /// ship) turned into the one-page PDF CarrierLink keeps. Note: UPS takes no idempotency key, so a lost answer is
    /// "may have been bought" (the caller checks before buying again); the reference rides on the package to find it.
    /// </summary>
    public Task<CarrierResult<PurchasedLabel>> BuyLabelAsync(CarrierSession session, LabelRequest request, CancellationToken cancellationToken)
    {
        if (WithoutShipperNumber<PurchasedLabel>(session) is { } missing) return Task.FromResult(missing);
        var shipperNumber = session.Identity!.AccountNumber;
        var service = CarrierServiceLists.Ups.FirstOrDefault(s => s.Matches(request.MailClass));
        var package = Present(new()
        {
            ["Packaging"] = new { Code = "02", Description = "Package" },
            ["Dimensions"] = request.LengthIn is > 0 && request.WidthIn is > 0 && request.HeightIn is > 0
                ? new { UnitOfMeasurement = new { Code = "IN", Description = "Inches" }, Length = Inches(request.LengthIn), Width = Inches(request.WidthIn), Height = Inches(request.HeightIn) }
                : null,
            ["PackageWeight"] = new { UnitOfMeasurement = new { Code = "LBS", Description = "Pounds" }, Weight = Pounds(request.WeightOz) },
            ["ReferenceNumber"] = request.Reference is null ? null : new[] { new { Value = Cut(request.Reference, 35) } },
        });
        var shipment = Present(new()
        {
            ["Description"] = "Merchandise",
            ["Shipper"] = Party(request.FromAddress, shipperNumber),
            ["ShipTo"] = Party(request.ToAddress, shipperNumber: null),
            ["ShipFrom"] = Party(request.FromAddress, shipperNumber: null),
            ["PaymentInformation"] = new { ShipmentCharge = new[] { new { Type = "01", BillShipper = new { AccountNumber = shipperNumber } } } },
            ["Service"] = Present(new() { ["Code"] = request.MailClass, ["Description"] = service?.Name }),
            ["Package"] = new[] { package },
        });
        var body = new
        {
            ShipmentRequest = new
            {
                Request = Present(new()
                {
                    ["RequestOption"] = "nonvalidate",
                    ["TransactionReference"] = request.Reference is null ? null : new { CustomerContext = Cut(request.Reference, 512) },
                }),
                Shipment = shipment,
                LabelSpecification = new { LabelImageFormat = new { Code = "GIF", Description = "GIF" }, LabelStockSize = new { Height = "6", Width = "4" } },
            },
        };
        return SendAsync(Request(HttpMethod.Post, $"api/shipments/{_options.ShippingVersion}/ship", session, body), idempotent: false,
            json => Ok(ReadLabel(json.GetProperty("ShipmentResponse").GetProperty("ShipmentResults"))), settled: null, cancellationToken);
    }

    /// <summary>VoidShipment by the shipment identification number (a one-package shipment's is its tracking number).</summary>
    public Task<CarrierResult<VoidedLabel>> VoidLabelAsync(CarrierSession session, string trackingNumber, string? carrierLabelId, CancellationToken cancellationToken)
    {
        var request = Request(HttpMethod.Delete, $"api/shipments/{_options.ShippingVersion}/void/cancel/{Uri.EscapeDataString(carrierLabelId ?? trackingNumber)}", session);
        if (session.Identity?.AccountNumber is { Length: > 0 } shipperNumber) request.Headers.Add("shipperNumber", shipperNumber);
        return SendAsync(request, idempotent: true, _ => Ok(new VoidedLabel(trackingNumber, "voided")),
            // Voided before: an earlier void went through and only its answer was lost.
            body => UpsErrorBody.Has(body, UpsErrorBody.AlreadyVoided) ? Ok(new VoidedLabel(trackingNumber, "voided")) : null,
            cancellationToken);
    }

    private static PurchasedLabel ReadLabel(JsonElement results)
    {
        var package = Many(results.GetProperty("PackageResults")).First();
        var charges = results.GetProperty("ShipmentCharges");
        // A negotiated (account) rate, when UPS gives one, is what the shipper pays.
        var total = results.TryGetProperty("NegotiatedRateCharges", out var negotiated) && negotiated.TryGetProperty("TotalCharge", out var charge)
            ? charge
            : charges.GetProperty("TotalCharges");
        var image = Convert.FromBase64String(package.GetProperty("ShippingLabel").GetProperty("GraphicImage").GetString()!);
        var tracking = package.GetProperty("TrackingNumber").GetString()!;
        var shipmentId = results.TryGetProperty("ShipmentIdentificationNumber", out var id) ? id.GetString() : null;
        return new PurchasedLabel(tracking, Amount(total), total.GetProperty("CurrencyCode").GetString() ?? "USD", Zone: null, UpsLabelPdf.FromGif(image),
            CarrierLabelId: shipmentId is not null && shipmentId != tracking ? shipmentId : null);
    }

    /// <summary>Shipper, ShipTo or ShipFrom: Name (35), AttentionName for a company's contact, Phone, Address.</summary>
    private static Dictionary<string, object?> Party(ShippingAddress address, string? shipperNumber) => Present(new()
    {
        ["Name"] = Cut(address.Company ?? address.Name, 35),
        ["AttentionName"] = address.Company is null ? null : Cut(address.Name, 35),
        ["ShipperNumber"] = shipperNumber,
        ["Phone"] = address.Phone is { Length: > 0 } phone ? new { Number = Cut(new string(phone.Where(char.IsAsciiDigit).ToArray()), 15) } : null,
        ["Address"] = Address(address),
    });
}
