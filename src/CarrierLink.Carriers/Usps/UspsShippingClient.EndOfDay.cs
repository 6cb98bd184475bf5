using System.Text.Json;
using CarrierLink.Carriers.OAuth;
using CarrierLink.Carriers.Shipping;

namespace CarrierLink.Carriers.Usps;

public sealed partial class UspsShippingClient
{
    /// <summary>The End of Day report is USPS's SCAN form (PS Form 5630) for the day's labels.</summary>
    public Task<CarrierResult<EndOfDayForm>> CreateEndOfDayFormAsync(CarrierSession session, EndOfDayRequest request, CancellationToken cancellationToken)
    {
        var body = new Dictionary<string, object?>
        {
            ["form"] = "5630",
            ["imageType"] = "PDF",
            ["labelType"] = "8.5x11LABEL",
            ["mailingDate"] = Date(request.MailingDate),
            ["entryFacilityZIPCode"] = request.FromAddress.Zip.Length > 5 ? request.FromAddress.Zip[..5] : request.FromAddress.Zip,
            ["destinationEntryFacilityType"] = "NONE",
            ["shipment"] = new { trackingNumbers = request.TrackingNumbers },
            ["fromAddress"] = Address(request.FromAddress),
        };
        // Note: a SCAN form is not bought, and USPS refuses a second form for the same labels, so a retry is safe.
        return SendAsync(Request(HttpMethod.Post, "scan-forms/v3/scan-form", session, body), idempotent: true, async response =>
        {
            var parts = await MultipartParts.ReadAsync(response, cancellationToken);
            var jsonPart = parts.First(p => p.Key != "label").Value;
            using var metadata = JsonDocument.Parse(jsonPart);
            var root = metadata.RootElement;
            return Ok(new EndOfDayForm(
                root.GetProperty("manifestNumber").GetString()!,
                root.GetProperty("trackingNumbers").EnumerateArray().Select(t => t.GetString()!).ToList(),
                parts["label"]));
        }, cancellationToken);
    }
}
