using CarrierLink.Carriers.OAuth;
using CarrierLink.Carriers.Shipping;

namespace CarrierLink.Carriers.FedEx;

public sealed partial class FedExShippingClient
{
    /// <summary>
    /// POST /ship/v1/shipments with the label in the answer (labelResponseOptions LABEL, base64 PDF). FedEx has no
    /// idempotency key: the reference goes out as x-customer-transaction-id and customer reference, so a lost answer
    /// leaves a purchase that may have happened (Transient with MayHaveBeenProcessed).
    /// </summary>
    public Task<CarrierResult<PurchasedLabel>> BuyLabelAsync(CarrierSession session, LabelRequest request, CancellationToken cancellationToken)
    {
        var missingPhone = new[] { ("from_address.phone", request.FromAddress), ("to_address.phone", request.ToAddress) }.Where(p => Digits(p.Item2.Phone) is null).ToList();
        if (missingPhone.Count > 0)
            return Task.FromResult<CarrierResult<PurchasedLabel>>(new CarrierResult<PurchasedLabel>.Invalid(
                "FedEx needs a phone number for the shipper and the recipient.", missingPhone.ToDictionary(p => p.Item1, _ => new[] { "is required by FedEx" })));

        var weight = Weight(request.WeightOz);
        return SendAsync(HttpMethod.Post, "ship/v1/shipments", session, account => new
        {
            labelResponseOptions = "LABEL",
            accountNumber = FedExCalls.Account(account),
            requestedShipment = new
            {
                shipDatestamp = Date(request.MailingDate ?? Today),
                shipper = Party(request.FromAddress),
                recipients = new[] { Party(request.ToAddress) },
                serviceType = request.MailClass,
                packagingType = "YOUR_PACKAGING",
                pickupType = "USE_SCHEDULED_PICKUP",
                totalWeight = Math.Round(Math.Max(request.WeightOz, 0.1m) / 16m, 2),
                shippingChargesPayment = new { paymentType = "SENDER" },
                labelSpecification = new { imageType = "PDF", labelStockType = "PAPER_4X6" },
                requestedPackageLineItems = new[]
                {
                    new
                    {
                        weight,
                        dimensions = Dimensions(request.LengthIn, request.WidthIn, request.HeightIn),
                        customerReferences = request.Reference is null ? null : new[] { new { customerReferenceType = "CUSTOMER_REFERENCE", value = request.Reference } },
                    },
                },
            },
        }, idempotent: false, answer =>
        {
            var shipment = answer.GetProperty("output").GetProperty("transactionShipments").EnumerateArray().First();
            var piece = shipment.GetProperty("pieceResponses").EnumerateArray().First();
            var label = piece.GetProperty("packageDocuments").EnumerateArray().First(d => d.TryGetProperty("encodedLabel", out _));
            return Ok(new PurchasedLabel(
                piece.GetProperty("trackingNumber").GetString()!,
                piece.TryGetProperty("netChargeAmount", out var charge) ? charge.GetDecimal() : 0m,
                "USD",
                null,
                Convert.FromBase64String(label.GetProperty("encodedLabel").GetString()!)));
        }, cancellationToken, customerTransactionId: request.Reference);
    }

    /// <summary>PUT /ship/v1/shipments/cancel. Cancelling again is safe (the carrier's answer is the same), so it is retried freely.</summary>
    public Task<CarrierResult<VoidedLabel>> VoidLabelAsync(CarrierSession session, string trackingNumber, string? carrierLabelId, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, "ship/v1/shipments/cancel", session, account => new
        {
            accountNumber = FedExCalls.Account(account),
            senderCountryCode = "US",
            deletionControl = "DELETE_ALL_PACKAGES",
            trackingNumber,
        }, idempotent: true, answer =>
        {
            var output = answer.GetProperty("output");
            return output.TryGetProperty("cancelledShipment", out var cancelled) && cancelled.GetBoolean()
                ? Ok(new VoidedLabel(trackingNumber, "voided"))
                : new CarrierResult<VoidedLabel>.Invalid(output.TryGetProperty("message", out var m) ? m.GetString() ?? "FedEx did not cancel the shipment." : "FedEx did not cancel the shipment.");
        }, cancellationToken);
}
