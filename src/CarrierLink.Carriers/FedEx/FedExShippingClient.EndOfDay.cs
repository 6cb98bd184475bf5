using CarrierLink.Carriers.OAuth;
using CarrierLink.Carriers.Shipping;

namespace CarrierLink.Carriers.FedEx;

public sealed partial class FedExShippingClient
{
    /// <summary>
    /// The End of Day report is FedEx's Ground close (PUT /ship/v1/endofday/) for the day, with its manifest. FedEx
    /// closes the account's Ground shipments of the day; express shipments need no close. The form's number is the
    /// close's shippingCycle. Closing again reprints, so it is retried freely.
    /// </summary>
    public Task<CarrierResult<EndOfDayForm>> CreateEndOfDayFormAsync(CarrierSession session, EndOfDayRequest request, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, "ship/v1/endofday/", session, account => new
        {
            accountNumber = FedExCalls.Account(account),
            closeReqType = "GCDR",
            groundServiceCategory = "GROUND",
            closeDate = Date(request.MailingDate),
            closeDocumentSpecification = new { closeDocumentTypes = new[] { "MANIFEST" } },
        }, idempotent: true, answer =>
        {
            var document = answer.GetProperty("output").GetProperty("closeDocuments").EnumerateArray().First();
            var image = document.TryGetProperty("parts", out var parts) && parts.EnumerateArray().FirstOrDefault() is { ValueKind: System.Text.Json.JsonValueKind.Object } part
                ? Convert.FromBase64String(part.GetProperty("image").GetString()!)
                : [];
            return Ok(new EndOfDayForm(document.GetProperty("shippingCycle").GetString()!, request.TrackingNumbers, image));
        }, cancellationToken);
}
