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
            ["fromAddress"] = ScanFormAddress(request.FromAddress),
        };
        // Note: a SCAN form is not bought, and USPS refuses a second form for the same labels, so a retry is safe.
        return SendAsync(Request(HttpMethod.Post, "scan-forms/v3/scan-form", session, body), idempotent: true, async response =>
        {
            var parts = await MultipartParts.ReadAsync(response, cancellationToken);
            using var metadata = JsonDocument.Parse(parts.Metadata);
            var root = metadata.RootElement;
            return Ok(new EndOfDayForm(
                root.GetProperty("manifestNumber").GetString()!,
                root.GetProperty("trackingNumbers").EnumerateArray().Select(t => t.GetString()!).ToList(),
                parts.Image("label")));
        }, cancellationToken);
    }

    /// <summary>As USPS's SCAN form sample writes it: the mailer's name, and the address nested under "address".</summary>
    private static Dictionary<string, object?> ScanFormAddress(ShippingAddress address)
    {
        var flat = Address(address);
        string[] names = ["firstName", "lastName", "firm"];
        var nested = Present(names.ToDictionary(n => n, n => flat.GetValueOrDefault(n)));
        nested["address"] = flat.Where(f => !names.Contains(f.Key) && f.Key != "phone").ToDictionary(f => f.Key, f => f.Value);
        return nested;
    }
}
