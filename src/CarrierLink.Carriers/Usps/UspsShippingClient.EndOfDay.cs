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
        // Note: a SCAN form is not bought, and USPS refuses a second form for the same labels, so a retry is safe;
        // that refusal names the form the labels are on, which is what a lost answer leaves us to record.
        return SendAsync(Request(HttpMethod.Post, "scan-forms/v3/scan-form", session, body), idempotent: true, async response =>
        {
            var parts = await MultipartParts.ReadAsync(response, cancellationToken);
            using var metadata = JsonDocument.Parse(parts.Metadata);
            var root = metadata.RootElement;
            return Ok(new EndOfDayForm(
                root.GetProperty("manifestNumber").GetString()!,
                root.GetProperty("trackingNumbers").EnumerateArray().Select(t => t.GetString()!).ToList(),
                parts.Image("label")));
        },
        (response, errorBody) => response.StatusCode == System.Net.HttpStatusCode.BadRequest ? MadeEarlier(errorBody, request) : null,
        cancellationToken);
    }

    /// <summary>
    /// Every refusal is "already part of another SCAN Form with efn ...": the labels of the first such form, as that
    /// form (its number is the EFN USPS names). Labels on other forms, or other refusals, are left to the caller.
    /// </summary>
    private static CarrierResult<EndOfDayForm>? MadeEarlier(string errorBody, EndOfDayRequest request)
    {
        var items = UspsErrorBody.Items(errorBody);
        if (items.Count == 0 || items.Any(i => i.Code != UspsSettledAnswers.AlreadyOnScanForm)) return null;
        var onForms = items.Select(i => UspsSettledAnswers.OnScanForm().Match(i.Detail ?? "")).ToList();
        if (onForms.Any(m => !m.Success || !request.TrackingNumbers.Contains(m.Groups["barcode"].Value))) return null;
        var efn = onForms[0].Groups["efn"].Value;
        var barcodes = onForms.Where(m => m.Groups["efn"].Value == efn).Select(m => m.Groups["barcode"].Value).Distinct().ToList();
        return Ok(new EndOfDayForm(efn, barcodes, []) { MadeEarlier = true });
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
