using System.Globalization;
using System.Text.Json;
using CarrierLink.Sandbox.Customers;

namespace CarrierLink.Sandbox.Usps.Api;

/// <summary>POST /labels/v3/label (paid with X-Payment-Authorization-Token) and DELETE /labels/v3/label/{trackingNumber}.</summary>
public static class LabelsEndpoints
{
    public const string JsonMediaType = "application/vnd.usps.labels+json";
    private static readonly string[] ImageTypes = ["PDF", "TIFF", "ZPL300DPI", "ZPL203DPI", "NONE"];

    public static void MapUspsLabels(this IEndpointRouteBuilder app)
    {
        var labels = app.MapUspsApi("/labels/v3", scope: "labels", customerRequired: true);
        labels.MapPost("/label", CreateAsync);
        labels.MapDelete("/label/{trackingNumber}", Cancel);
    }

    private static async Task<IResult> CreateAsync(HttpContext context, PaymentAuthorizations payments, LabelStore store, TimeProvider time)
    {
        var path = context.Request.Path;
        var customer = context.Customer();
        if (payments.Find(context.Request.Headers["X-Payment-Authorization-Token"].ToString(), customer.Username) is null)
        {
            // Missing, expired or another account's: no PAYER this label could be charged to. A 400, not a 401: the access token is fine.
            return UspsErrors.BadRequest(path, UspsErrorCatalog.Item("160369"));
        }

        var (body, problem) = await UspsJsonBody.ReadAsync(context);
        if (problem is not null) return problem;

        // X-Idempotency-Key: "the same idempotency key resubmitted with an identical request payload returns the
        // existing label without creating a duplicate or charging additional postage". Looked up before the body is
        // validated again, so a retry after midnight (its mailingDate now yesterday) still gets its label.
        var idempotencyKey = context.Request.Headers["X-Idempotency-Key"].ToString();
        var payload = body.GetRawText();
        if (idempotencyKey.Length > 0)
        {
            if (!Guid.TryParse(idempotencyKey, out _))
                return UspsErrors.BadRequest(path, UspsErrors.ValidationItem("400", "OASValidation failed", "X-Idempotency-Key must be a UUID.", "X-Idempotency-Key"));
            switch (store.FindByIdempotencyKey(customer.Usps!.Crid, idempotencyKey))
            {
                case { } earlier when earlier.Payload == payload:
                    return Answer(context, JsonSerializer.Deserialize<JsonElement>(earlier.MetadataJson), earlier.Pdf);
                case not null:
                    return UspsErrors.BadRequest(path, UspsErrors.ValidationItem("400", "Idempotency key reused",
                        "The X-Idempotency-Key was already used with a different request payload.", "X-Idempotency-Key"));
            }
        }

        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var (request, errors) = Validate(body, today);
        if (request is null) return UspsErrors.BadRequest(path, [.. errors]);

        var quote = UspsPriceTable.Quote(request.MailClass, request.FromZip, request.ToZip, request.WeightLb);
        var label = new UspsLabel(UspsNumbers.TrackingNumber(request.MailClass, customer.Usps!.Mid), customer.Username, request.MailClass, quote.Price,
            quote.Zone, quote.Sku, request.WeightLb, request.MailingDate, request.FromZip, request.ToZip, time.GetUtcNow());
        var metadata = Metadata(label, quote, body);
        var pdf = LabelPdf(label, body, customer);
        var reference = body.Find("packageDescription", "customerReference") is { ValueKind: JsonValueKind.Array } references
            ? references.EnumerateArray().Select(r => r.Text("referenceNumber")).FirstOrDefault(r => r is not null)
            : null;
        var metadataJson = JsonSerializer.Serialize(metadata, UspsErrors.Json);
        store.Add(label with
        {
            CustomerReference = reference, MetadataJson = metadataJson, Pdf = pdf,
            IdempotencyKey = idempotencyKey.Length > 0 ? idempotencyKey : null, Crid = customer.Usps.Crid, Payload = payload,
        });
        return Answer(context, metadata, pdf);
    }

    private static IResult Answer(HttpContext context, object metadata, byte[] pdf)
    {
        if (context.Request.Headers.Accept.ToString().Contains(JsonMediaType, StringComparison.OrdinalIgnoreCase))
        {
            return Results.Json(new { labelMetadata = metadata, labelImage = Convert.ToBase64String(pdf) }, UspsErrors.Json, JsonMediaType);
        }
        return new MultipartResult(
        [
            MultipartResult.Json("labelMetadata", JsonSerializer.Serialize(metadata, UspsErrors.Json)),
            MultipartResult.Pdf(pdf, "label.pdf"),
        ]);
    }

    private static IResult Cancel(string trackingNumber, HttpContext context, LabelStore store, PaymentAuthorizations payments)
    {
        var path = context.Request.Path;
        // The spec requires a payment authorization on a cancel too: the refund goes to its payer.
        if (payments.Find(context.Request.Headers["X-Payment-Authorization-Token"].ToString(), context.Customer().Username) is null)
            return UspsErrors.BadRequest(path, UspsErrorCatalog.Item("160369"));
        var item = (string code) => UspsErrorCatalog.Item(code, example: trackingNumber);
        return store.Cancel(context.Customer().Username, trackingNumber) switch
        {
            CancelResult.Done { Label: var label } => Results.Json(
                label.Status == LabelStatus.Disputed
                    ? new { trackingNumber, status = label.Status, disputeId = label.DisputeId }
                    : (object)new { trackingNumber, status = label.Status },
                UspsErrors.Json),
            CancelResult.OnScanForm => UspsErrors.BadRequest(path, item("160174")),
            CancelResult.AlreadyCanceled => UspsErrors.BadRequest(path, item("160186")),
            _ => UspsErrors.BadRequest(path, item("160185")),
        };
    }

    private sealed record LabelRequest(string MailClass, decimal WeightLb, DateOnly MailingDate, string FromZip, string ToZip);

    private static (LabelRequest? Request, List<object> Errors) Validate(JsonElement body, DateOnly today)
    {
        var errors = new List<object>();
        var missing = new[] { "toAddress", "fromAddress", "packageDescription" }.Where(p => body.Find(p) is not { ValueKind: JsonValueKind.Object }).ToList();
        var mailClass = body.Text("packageDescription", "mailClass");
        var weight = body.Number("packageDescription", "weight");
        if (missing.Count == 0 && mailClass is null) missing.Add("packageDescription.mailClass");
        if (missing.Count == 0 && weight is null) missing.Add("packageDescription.weight");
        // BaseDomesticPackageDescription requires the three dimensions, each a number greater than 0.
        if (missing.Count == 0)
            missing.AddRange(new[] { "length", "width", "height" }.Where(d => body.Number("packageDescription", d) is not > 0).Select(d => $"packageDescription.{d}"));
        if (missing.Count > 0)
        {
            errors.AddRange(missing.Select(m => UspsErrors.ValidationItem("400", "OASValidation failed",
                $"Object has missing required properties ([\"{m}\"])", m)));
            return (null, errors);
        }

        if (body.Text("imageInfo", "imageType") is { } imageType && !ImageTypes.Contains(imageType)) errors.Add(UspsErrorCatalog.Item("160024"));
        if (!UspsPriceTable.IsKnown(mailClass)) errors.Add(UspsErrorCatalog.Item("160090", new Dictionary<string, string> { ["<mailClass>"] = mailClass! }));

        // weightUOM defaults to pounds; CarrierLink may send ounces.
        var weightLb = string.Equals(body.Text("packageDescription", "weightUOM"), "oz", StringComparison.OrdinalIgnoreCase) ? weight!.Value / 16 : weight!.Value;
        if (weightLb <= 0 || weightLb > UspsPriceTable.MaxWeightLb)
        {
            errors.Add(UspsErrorCatalog.Item("160098", new Dictionary<string, string> { ["<weightFloor>"] = "0", ["<weightCeiling>"] = "70" }));
        }
        if (UspsPriceTable.IsKnown(mailClass) && UspsPriceTable.Oversize(mailClass!, body.Number("packageDescription", "length"),
                body.Number("packageDescription", "width"), body.Number("packageDescription", "height")))
        {
            errors.Add(UspsErrorCatalog.Item("030008"));
        }

        var mailingDate = today;
        if (body.Text("packageDescription", "mailingDate") is { } dateText)
        {
            if (UspsJsonBody.Date(dateText) is not { } parsed) errors.Add(UspsErrorCatalog.Item("160092"));
            else if (parsed < today || parsed > today.AddDays(45)) errors.Add(UspsErrorCatalog.Item("160001"));
            else mailingDate = parsed;
        }

        foreach (var side in new[] { "toAddress", "fromAddress" })
        {
            if (!UspsJsonBody.IsZip5(body.Text(side, "ZIPCode"))) errors.Add(UspsErrorCatalog.Item("160119", parameter: $"{side}.ZIPCode"));
            if (body.Text(side, "streetAddress") is not { } street || !street.Any(char.IsAsciiDigit))
            {
                errors.Add(UspsErrorCatalog.Item("160307", parameter: $"{side}.streetAddress"));
            }
            var named = (body.Text(side, "firstName") is not null && body.Text(side, "lastName") is not null) || body.Text(side, "firm") is not null;
            if (!named) errors.Add(UspsErrorCatalog.Item("160075", parameter: $"{side}.firstName, {side}.lastName, {side}.firm"));
        }

        return errors.Count > 0
            ? (null, errors)
            : (new LabelRequest(mailClass!, weightLb, mailingDate, body.Text("fromAddress", "ZIPCode")!, body.Text("toAddress", "ZIPCode")!), errors);
    }

    private static object Metadata(UspsLabel label, UspsQuote quote, JsonElement body) => new
    {
        labelAddress = body.Find("toAddress"),
        routingInformation = "420" + label.ToZip,
        trackingNumber = label.TrackingNumber,
        constructCode = "C01",
        SKU = label.Sku,
        postage = label.Postage,
        extraServices = Array.Empty<object>(),
        zone = label.Zone,
        commitment = new
        {
            name = quote.DeliveryDays == 1 ? "1-Day" : $"{quote.DeliveryDays}-Day",
            scheduleDeliveryDate = label.MailingDate.AddDays(quote.DeliveryDays).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        },
        weightUOM = "lb",
        weight = label.WeightLb,
        dimensionalWeight = 0,
        fees = Array.Empty<object>(),
        bannerText = label.MailClass.Replace('_', ' '),
    };

    private static byte[] LabelPdf(UspsLabel label, JsonElement body, Customer customer)
    {
        string Line(string side) => string.Join(" ", new[] { "firstName", "lastName", "firm" }.Select(f => body.Text(side, f)).OfType<string>());
        string Street(string side) => $"{body.Text(side, "streetAddress")} {body.Text(side, "secondaryAddress")}".Trim();
        string City(string side) => $"{body.Text(side, "city")} {body.Text(side, "state")} {body.Text(side, "ZIPCode")}";
        return UspsDocuments.Pdf(
        [
            "USPS SANDBOX LABEL - NOT VALID FOR MAILING",
            label.MailClass.Replace('_', ' '),
            $"Postage ${label.Postage.ToString("0.00", CultureInfo.InvariantCulture)}  Zone {label.Zone}  Mailed {label.MailingDate:yyyy-MM-dd}",
            $"From: {Line("fromAddress")}",
            Street("fromAddress"),
            City("fromAddress"),
            "",
            $"To: {Line("toAddress")}",
            Street("toAddress"),
            City("toAddress"),
            "",
            "USPS TRACKING #",
            label.TrackingNumber,
            $"CRID {customer.Usps!.Crid}  MID {customer.Usps.Mid}",
        ]);
    }
}
