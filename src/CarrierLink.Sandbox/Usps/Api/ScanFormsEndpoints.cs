using System.Globalization;
using System.Text.Json;

namespace CarrierLink.Sandbox.Usps.Api;

/// <summary>POST /scan-forms/v3/scan-form: a PS Form 5630 for listed labels or for every open label of a mailing date (shipment.MID).</summary>
public static class ScanFormsEndpoints
{
    public static void MapUspsScanForms(this IEndpointRouteBuilder app)
    {
        var scanForms = app.MapUspsApi("/scan-forms/v3", scope: "scan-forms", customerRequired: true);
        scanForms.MapPost("/scan-form", CreateAsync);
    }

    private static async Task<IResult> CreateAsync(HttpContext context, LabelStore store, TimeProvider time)
    {
        var (body, problem) = await UspsJsonBody.ReadAsync(context);
        if (problem is not null) return problem;
        var path = context.Request.Path;
        var customer = context.Customer();

        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var mailingDate = body.Text("mailingDate") is { } text ? UspsJsonBody.Date(text) : today;
        if (mailingDate is null || mailingDate < today || mailingDate > today.AddDays(30))
        {
            return UspsErrors.BadRequest(path, UspsErrorCatalog.Item("160034", parameter: "mailingDate"));
        }
        // USPS's sample: the mailer's name at fromAddress, the address itself nested in fromAddress.address.
        if (body.Find("fromAddress") is { ValueKind: JsonValueKind.Object } from
            && ((from.Text("firm") is null && (from.Text("firstName") is null || from.Text("lastName") is null))
                || from.Find("address") is not { ValueKind: JsonValueKind.Object } fromAddress || fromAddress.Text("streetAddress") is null))
        {
            return UspsErrors.BadRequest(path, UspsErrorCatalog.Item("160168"));
        }

        IReadOnlyList<string>? trackingNumbers = null;
        if (body.Find("shipment", "trackingNumbers") is { ValueKind: JsonValueKind.Array } numbers)
        {
            trackingNumbers = numbers.EnumerateArray().Select(n => n.GetString() ?? "").ToList();
        }
        else if (body.Text("shipment", "MID") is { } mid && mid != customer.Usps!.Mid)
        {
            // Another mailer's MID has no labels this account could put on a form.
            return UspsErrors.BadRequest(path, UspsErrorCatalog.Item("160037"));
        }

        return store.CreateScanForm(customer.Username, customer.Usps!.Mid, mailingDate.Value, trackingNumbers) switch
        {
            ScanFormResult.Created { Form: var form } => Created(form, body),
            ScanFormResult.Refused refused => UspsErrors.BadRequest(path, [.. refused.Problems.Select(p => Problem(p.Code, p.Barcode, mailingDate.Value, store))]),
            _ => UspsErrors.BadRequest(path, UspsErrorCatalog.Item("160037")),
        };
    }

    private static Dictionary<string, object?> EchoedAddress(JsonElement from)
    {
        var echoed = JsonSerializer.Deserialize<Dictionary<string, object?>>(from.GetRawText(), UspsErrors.Json)!;
        if (from.Find("address") is { ValueKind: JsonValueKind.Object } address)
        {
            var fields = JsonSerializer.Deserialize<Dictionary<string, object?>>(address.GetRawText(), UspsErrors.Json)!;
            if (fields.Remove("ZIPCode", out var zip)) fields["zipCode"] = zip;
            if (fields.Remove("ZIPPlus4", out var plus4)) fields["zipPlus4"] = plus4;
            echoed["address"] = fields;
        }
        return echoed;
    }

    private static object Problem(string code, string barcode, DateOnly requested, LabelStore store)
    {
        var label = store.Find(barcode);
        return UspsErrorCatalog.Item(code, new Dictionary<string, string>
        {
            ["[barcode of request]"] = barcode,
            ["<barcode>"] = barcode,
            ["[EFN Number]"] = label?.ScanFormNumber ?? "",
            // USPS's text has two [XXXX-XX-XX] placeholders: the label's date first, then the request's.
            ["with mailing date [XXXX-XX-XX]"] = $"with mailing date {label?.MailingDate:yyyy-MM-dd}",
            ["request mailing date [XXXX-XX-XX]"] = $"request mailing date {requested:yyyy-MM-dd}",
        }, example: barcode);
    }

    /// <summary>
    /// Multipart, as USPS's sample answers: a JSON part "Scan Form Response" (the request echoed, its address written
    /// with zipCode/zipPlus4 as USPS echoes it, plus manifestNumber and trackingNumbers) and the Base64 PDF form "label".
    /// </summary>
    private static MultipartResult Created(UspsScanForm form, JsonElement request)
    {
        var metadata = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(request.GetRawText(), UspsErrors.Json)!;
        var json = new Dictionary<string, object>(metadata.ToDictionary(kv => kv.Key, kv => (object)kv.Value));
        if (request.Find("fromAddress") is { ValueKind: JsonValueKind.Object } from) json["fromAddress"] = EchoedAddress(from);
        foreach (var (key, value) in new Dictionary<string, object>
        {
            ["manifestNumber"] = form.ManifestNumber,
            ["trackingNumbers"] = form.TrackingNumbers,
            ["mailingDate"] = form.MailingDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        }) json[key] = value;
        var pdf = UspsDocuments.Pdf(
        [
            "USPS SANDBOX - PS FORM 5630 SHIPMENT CONFIRMATION ACCEPTANCE NOTICE",
            $"Manifest {form.ManifestNumber}",
            $"Mailing date {form.MailingDate:yyyy-MM-dd}   Packages {form.TrackingNumbers.Count}",
            "",
            .. form.TrackingNumbers,
        ], widthPt: 612, heightPt: 792);
        return new MultipartResult(
        [
            MultipartResult.Json("Scan Form Response", JsonSerializer.Serialize(json, UspsErrors.Json)),
            MultipartResult.Pdf(pdf, "label.pdf", name: "label"),
        ]);
    }
}
