using System.Globalization;
using System.Text.Json;
using CarrierLink.Sandbox.FedEx.Auth;
using CarrierLink.Sandbox.Usps.Api;

namespace CarrierLink.Sandbox.FedEx.Api;

/// <summary>POST /ship/v1/shipments and PUT /ship/v1/shipments/cancel (Shipment-Resource). One package per shipment here.</summary>
public static class ShipEndpoints
{
    /// <summary>Published (cancel 400 example): the label is another account's.</summary>
    public static readonly FedExError NotYourShipment = new("SHIPMENT.USER.UNAUTHORIZED", "Requested user is not authorized to perform the operation.");

    /// <summary>Published (results 400 example): no such tracking number.</summary>
    public static readonly FedExError UnknownTrackingNumber = new("TRACKINGNUMBER.ENTERED.INVALID", "Error with entered Tracking Number. Please verify the entered Tracking Number.");

    public static void MapFedExShip(this IEndpointRouteBuilder app)
    {
        app.MapPost("/ship/v1/shipments", ShipAsync).RequireFedExToken();
        app.MapPut("/ship/v1/shipments/cancel", CancelAsync).RequireFedExToken();
    }

    private static async Task<IResult> ShipAsync(HttpContext context, FedExShipmentStore store)
    {
        var (request, account, refusal) = await FedExApiAccess.ReadAsync(context, "accountNumber.value");
        if (refusal is not null) return refusal;
        if (Problem(request) is { } problem) return FedExErrors.BadRequest(FedExErrors.InvalidInput(problem), context);

        var shipment = request.At("requestedShipment")!.Value;
        var service = FedExServices.Find(shipment.Text("serviceType"))!;
        var recipient = shipment.Items("recipients")[0];
        var pounds = FedExServices.Pounds(shipment.Items("requestedPackageLineItems")[0].At("weight")!.Value)!.Value;
        var toPostal = recipient.Text("address.postalCode") ?? "";
        var zone = FedExServices.Zone(shipment.Text("shipper.address.postalCode") ?? "", toPostal);
        var shipDate = DateOnly.TryParse(shipment.Text("shipDatestamp"), CultureInfo.InvariantCulture, out var d) ? d : DateOnly.FromDateTime(store.Now.UtcDateTime);
        var reference = shipment.Items("requestedPackageLineItems")[0].Items("customerReferences").Select(r => r.Text("value")).FirstOrDefault(v => v is not null);
        var label = store.AddLabel(number => new FedExLabel(number, account!, service.Type, FedExServices.Price(service, pounds, zone), shipDate, toPostal,
            reference, FedExErrors.CustomerTransactionId(context), store.Now));

        var pdf = UspsDocuments.Pdf([service.Name, $"TRK# {label.TrackingNumber}", $"SHIP DATE: {shipDate:yyyy-MM-dd}", $"ACCT# {account}",
            $"TO: {recipient.Text("contact.personName") ?? recipient.Text("contact.companyName")}", $"{recipient.Items("address.streetLines").Select(line => line.GetString()).FirstOrDefault()}",
            $"{recipient.Text("address.city")} {recipient.Text("address.stateOrProvinceCode")} {toPostal}", $"{pounds:0.##} LB", "FedEx sandbox label: not for shipping"]);
        var documents = new[] { new { contentType = "LABEL", copiesToPrint = 1, docType = "PDF", trackingNumber = label.TrackingNumber, encodedLabel = Convert.ToBase64String(pdf) } };
        return FedExErrors.Ok(new
        {
            transactionShipments = new[]
            {
                new
                {
                    masterTrackingNumber = label.TrackingNumber,
                    serviceType = service.Type,
                    serviceName = service.Name,
                    serviceCategory = service.CarrierCode == "FDXG" ? "GROUND" : "EXPRESS",
                    shipDatestamp = shipDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    pieceResponses = new[]
                    {
                        new
                        {
                            masterTrackingNumber = label.TrackingNumber,
                            trackingNumber = label.TrackingNumber,
                            packageSequenceNumber = 1,
                            netChargeAmount = label.NetCharge,
                            baseRateAmount = label.NetCharge,
                            packageDocuments = documents,
                            customerReferences = reference is null ? null : new[] { new { customerReferenceType = "CUSTOMER_REFERENCE", value = reference } },
                        },
                    },
                    completedShipmentDetail = new
                    {
                        carrierCode = service.CarrierCode,
                        operationalDetail = new { transitTime = RatesEndpoint.TransitTime(FedExServices.TransitDays(service, zone)) },
                    },
                },
            },
        }, context);
    }

    /// <summary>What the sandbox cannot ship, in FedEx's field names; null when the request is complete.</summary>
    private static string? Problem(JsonElement request)
    {
        var shipment = request.At("requestedShipment");
        if (shipment is not { } s) return "requestedShipment is required.";
        if (request.Text("labelResponseOptions") != "LABEL") return "labelResponseOptions must be LABEL (the sandbox keeps no documents to fetch by URL).";
        if (FedExServices.Find(s.Text("serviceType")) is null) return $"serviceType must be one of {string.Join(", ", FedExServices.All.Select(x => x.Type))}.";
        if (s.Text("labelSpecification.imageType") != "PDF") return "labelSpecification.imageType must be PDF.";
        if (s.Text("shippingChargesPayment.paymentType") is null) return "shippingChargesPayment.paymentType is required.";
        foreach (var (party, element) in new[] { ("shipper", s.At("shipper")), ("recipients[0]", s.Items("recipients") is [{ ValueKind: JsonValueKind.Object } r, ..] ? r : (JsonElement?)null) })
        {
            if (element is not { } p) return $"{party} is required.";
            if (p.Items("address.streetLines").Count == 0 || p.Text("address.city") is null || p.Text("address.postalCode") is null || p.Text("address.countryCode") is null)
                return $"{party}.address needs streetLines, city, postalCode and countryCode.";
            if (p.Text("contact.phoneNumber") is null) return $"{party}.contact.phoneNumber is required.";
        }
        var packages = s.Items("requestedPackageLineItems");
        if (packages.Count != 1) return "requestedPackageLineItems must hold exactly one package (the sandbox ships one package per shipment).";
        return packages[0].At("weight") is { } w && FedExServices.Pounds(w) is not null ? null : "requestedPackageLineItems[0].weight needs units LB or KG and a value above 0.";
    }

    private static async Task<IResult> CancelAsync(HttpContext context, FedExShipmentStore store)
    {
        var (request, account, refusal) = await FedExApiAccess.ReadAsync(context, "accountNumber.value");
        if (refusal is not null) return refusal;
        var trackingNumber = request.Text("trackingNumber");
        if (trackingNumber is null || store.Label(trackingNumber) is not { } label) return FedExErrors.BadRequest(UnknownTrackingNumber, context);
        if (label.AccountNumber != account) return FedExErrors.BadRequest(NotYourShipment, context);
        // Sandbox rule (FedEx does not say): cancelling a cancelled shipment answers as the first time did.
        store.CancelLabel(trackingNumber);
        return FedExErrors.Ok(new { cancelledShipment = true, cancelledHistory = true, message = "Shipment is successfully cancelled" }, context);
    }
}
