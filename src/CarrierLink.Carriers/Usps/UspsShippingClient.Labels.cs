using System.Net.Http.Json;
using System.Text.Json;
using CarrierLink.Carriers.OAuth;
using CarrierLink.Carriers.Shipping;

namespace CarrierLink.Carriers.Usps;

public sealed partial class UspsShippingClient
{
    public async Task<CarrierResult<PurchasedLabel>> BuyLabelAsync(CarrierSession session, LabelRequest request, CancellationToken cancellationToken)
    {
        // USPS's domestic package description requires length, width and height, each greater than 0.
        if (request.LengthIn is not > 0 || request.WidthIn is not > 0 || request.HeightIn is not > 0)
        {
            var missing = new[] { ("length_in", request.LengthIn), ("width_in", request.WidthIn), ("height_in", request.HeightIn) }
                .Where(d => d.Item2 is not > 0).ToDictionary(d => d.Item1, _ => new[] { "is required by USPS (inches, more than 0)" });
            return new CarrierResult<PurchasedLabel>.Invalid("USPS needs the package's length, width and height in inches to buy a label.", missing);
        }

        // USPS charges labels to a payment authorization naming the payer and the label owner.
        var payment = await AuthorizePaymentAsync(session, cancellationToken);
        if (payment is not CarrierResult<string>.Success token) return payment.Relay<PurchasedLabel>();

        var body = new Dictionary<string, object?>
        {
            ["imageInfo"] = new { imageType = "PDF", labelType = "4X6LABEL" },
            ["toAddress"] = Address(request.ToAddress),
            ["fromAddress"] = Address(request.FromAddress),
            ["packageDescription"] = Present(new Dictionary<string, object?>
            {
                ["mailClass"] = request.MailClass,
                ["rateIndicator"] = "SP",
                ["weightUOM"] = "lb",
                ["weight"] = Pounds(request.WeightOz),
                ["dimensionsUOM"] = "in",
                ["length"] = request.LengthIn,
                ["width"] = request.WidthIn,
                ["height"] = request.HeightIn,
                ["processingCategory"] = "MACHINABLE",
                ["mailingDate"] = Date(request.MailingDate ?? Today),
                ["destinationEntryFacilityType"] = "NONE",
                ["customerReference"] = request.Reference is null ? null : new[] { new { referenceNumber = request.Reference, printReferenceNumber = false } },
            }),
        };
        var http = Request(HttpMethod.Post, "labels/v3/label", session, body);
        http.Headers.Add("X-Payment-Authorization-Token", token.Value);
        // USPS returns the label already bought under this key, uncharged, when the same payload comes again:
        // derived from our reference, a retry after a lost answer gets the first label instead of a second.
        if (request.Reference is not null) http.Headers.Add("X-Idempotency-Key", CarrierIdempotencyKey.From(request.Reference));
        return await SendAsync(http, idempotent: false, async response =>
        {
            var parts = await MultipartParts.ReadAsync(response, cancellationToken);
            using var metadata = JsonDocument.Parse(parts.Metadata);
            return Ok(ReadLabel(metadata.RootElement, parts.Image("labelImage")));
        }, cancellationToken);
    }


    /// <summary>USPS refunds to the payer of a payment authorization, so a void carries one like a purchase.</summary>
    public async Task<CarrierResult<VoidedLabel>> VoidLabelAsync(CarrierSession session, string trackingNumber, string? carrierLabelId, CancellationToken cancellationToken)
    {
        var payment = await AuthorizePaymentAsync(session, cancellationToken);
        if (payment is not CarrierResult<string>.Success token) return payment.Relay<VoidedLabel>();
        var http = Request(HttpMethod.Delete, $"labels/v3/label/{Uri.EscapeDataString(trackingNumber)}", session);
        http.Headers.Add("X-Payment-Authorization-Token", token.Value);
        return await SendAsync(http, idempotent: true, async response =>
        {
            var json = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            var status = json.TryGetProperty("status", out var s) ? s.GetString() : null;
            return Ok(new VoidedLabel(trackingNumber, string.Equals(status, "DISPUTED", StringComparison.OrdinalIgnoreCase) ? "disputed" : "voided"));
        },
        // 160186 "Order already canceled": an earlier void went through and only its answer was lost.
        (response, body) => response.StatusCode == System.Net.HttpStatusCode.BadRequest && UspsErrorBody.Codes(body).Contains(UspsSettledAnswers.LabelAlreadyCanceled)
            ? Ok(new VoidedLabel(trackingNumber, "voided"))
            : null,
        cancellationToken);
    }

    /// <summary>A payment authorization is USPS's check that the CRID, MIDs and EPS account are the signed-in business's own; it buys nothing.</summary>
    public async Task<CarrierResult<bool>> ConfirmAccountDetailsAsync(CarrierSession session, CancellationToken cancellationToken) =>
        await AuthorizePaymentAsync(session, cancellationToken) switch
        {
            CarrierResult<string>.Success => Ok(true),
            var failure => failure.Relay<bool>(),
        };

    private Task<CarrierResult<string>> AuthorizePaymentAsync(CarrierSession session, CancellationToken cancellationToken)
    {
        if (session.Identity is not { } identity)
            return Task.FromResult<CarrierResult<string>>(new CarrierResult<string>.Invalid("USPS needs the account's CRID, MID and EPS account number; enter them on the account's Edit page."));
        object Role(string name) => Present(new Dictionary<string, object?>
        {
            ["roleName"] = name,
            ["CRID"] = identity.AccountNumber,
            ["MID"] = identity.SubAccount,
            ["manifestMID"] = identity.Detail(UspsIdentity.ManifestMid) ?? identity.SubAccount,
            ["accountType"] = identity.Detail(UspsIdentity.PaymentAccountType) ?? "EPS",
            ["accountNumber"] = identity.Detail(UspsIdentity.PaymentAccountNumber),
        });
        var body = new { roles = new[] { Role("PAYER"), Role("LABEL_OWNER") } };
        return SendAsync(Request(HttpMethod.Post, "payments/v3/payment-authorization", session, body), idempotent: true, async response =>
        {
            var json = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            return Ok(json.GetProperty("paymentAuthorizationToken").GetString()!);
        }, cancellationToken);
    }

    private static PurchasedLabel ReadLabel(JsonElement metadata, byte[] pdf) => new(
        metadata.GetProperty("trackingNumber").GetString()!,
        metadata.GetProperty("postage").GetDecimal(),
        "USD",
        metadata.TryGetProperty("zone", out var zone) ? zone.GetString() : null,
        pdf);

    /// <summary>USPS wants a person's first and last name, or a firm.</summary>
    private static Dictionary<string, object?> Address(ShippingAddress address)
    {
        var name = address.Name.Trim();
        var space = name.LastIndexOf(' ');
        return Present(new Dictionary<string, object?>
        {
            ["firstName"] = space > 0 ? name[..space] : name,
            ["lastName"] = space > 0 ? name[(space + 1)..] : null,
            ["firm"] = address.Company,
            ["streetAddress"] = address.Street1,
            ["secondaryAddress"] = address.Street2,
            ["city"] = address.City,
            ["state"] = address.State,
            ["ZIPCode"] = address.Zip.Length > 5 ? address.Zip[..5] : address.Zip,
            ["phone"] = address.Phone,
        });
    }
}
