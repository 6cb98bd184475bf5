using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CarrierLink.Carriers.OAuth;
using CarrierLink.Carriers.Shipping;

namespace CarrierLink.Carriers.Stamps;

/// <summary>The five operations through SERA (api.stampsendicia.com/sera), authorized by the Stamps.com authenticator.</summary>
public sealed partial class StampsClient : IShippingCarrierClient
{
    public Task<CarrierResult<IReadOnlyList<Rate>>> GetRatesAsync(CarrierSession session, RatesRequest request, CancellationToken cancellationToken) =>
        SendAsync<IReadOnlyList<Rate>>(SeraRequest(HttpMethod.Post, "v1/rates", session.AccessToken, new
        {
            carrier = sera,
            from_postal_code = request.FromZip,
            to_postal_code = request.ToZip,
            weight_oz = request.WeightOz,
            service_type = ServiceType(request.MailClass),
        }), idempotent: true, async response =>
        {
            var json = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            IReadOnlyList<Rate> rates = json.GetProperty("rates").EnumerateArray().Select(r => new Rate(
                r.GetProperty("service_type").GetString()!,
                r.TryGetProperty("service_name", out var n) ? n.GetString() ?? "" : "",
                r.GetProperty("amount").GetDecimal(),
                r.TryGetProperty("currency", out var c) ? c.GetString() ?? "USD" : "USD",
                null,
                r.TryGetProperty("delivery_days", out var d) && d.TryGetInt32(out var days) ? days : null)).ToList();
            return new CarrierResult<IReadOnlyList<Rate>>.Success(rates);
        }, cancellationToken);

    public Task<CarrierResult<PurchasedLabel>> BuyLabelAsync(CarrierSession session, LabelRequest request, CancellationToken cancellationToken)
    {
        var http = SeraRequest(HttpMethod.Post, "v1/labels", session.AccessToken, new
        {
            carrier = sera,
            service_type = ServiceType(request.MailClass),
            from_address = Address(request.FromAddress),
            to_address = Address(request.ToAddress),
            weight_oz = request.WeightOz,
            ship_date = request.MailingDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            reference = request.Reference,
        });
        // SERA replays a purchase with the same Idempotency-Key for 24 h, so our reference doubles as the key.
        http.Headers.Add("Idempotency-Key", CarrierIdempotencyKey.From(request.Reference ?? Guid.NewGuid().ToString()));
        return SendAsync<PurchasedLabel>(http, idempotent: false, async response =>
            new CarrierResult<PurchasedLabel>.Success(ReadLabel(await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken))), cancellationToken);
    }

    public Task<CarrierResult<VoidedLabel>> VoidLabelAsync(CarrierSession session, string trackingNumber, string? carrierLabelId, CancellationToken cancellationToken) =>
        SendAsync<VoidedLabel>(SeraRequest(HttpMethod.Put, $"v1/labels/{Uri.EscapeDataString(carrierLabelId ?? trackingNumber)}/void", session.AccessToken), idempotent: true, async response =>
        {
            var json = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            var status = json.TryGetProperty("status", out var s) ? s.GetString() : "voided";
            return new CarrierResult<VoidedLabel>.Success(new VoidedLabel(trackingNumber, status == "disputed" ? "disputed" : "voided"));
        },
        // An earlier void went through and only its answer was lost.
        settled: ([StampsSettledAnswers.LabelAlreadyVoided], new VoidedLabel(trackingNumber, "voided")), cancellationToken);

    public Task<CarrierResult<EndOfDayForm>> CreateEndOfDayFormAsync(CarrierSession session, EndOfDayRequest request, CancellationToken cancellationToken)
    {
        // In one order whatever order the labels came in (a database returns rows as it likes): SERA replays a key
        // only for the very same body, so the same labels must always be the same request.
        var labels = request.TrackingNumbers.Select((tracking, i) => new ManifestLabel(request.CarrierLabelIds?[i] ?? tracking, tracking))
            .OrderBy(l => l.Id, StringComparer.Ordinal).ToList();
        var ids = labels.Select(l => l.Id).ToList();
        var shipDate = request.MailingDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var http = SeraRequest(HttpMethod.Post, "v1/manifests", session.AccessToken, new { label_ids = ids, ship_date = shipDate });
        // The same labels on the same day are the same form: a retry after a lost answer gets the form SERA made
        // instead of "already on a manifest" (SERA keeps a key 24 h; a form cannot be undone, so no key is ever reused for another).
        http.Headers.Add("Idempotency-Key", CarrierIdempotencyKey.From($"manifest|{session.Identity?.AccountNumber}|{shipDate}|{string.Join(",", ids)}"));
        return SendAsync(http, idempotent: true, async response =>
        {
            var json = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            var onForm = json.GetProperty("label_ids").EnumerateArray().Select(i => i.GetString()).ToHashSet();
            return new CarrierResult<EndOfDayForm>.Success(new EndOfDayForm(
                json.GetProperty("manifest_id").GetString()!,
                labels.Where(l => onForm.Contains(l.Id)).Select(l => l.TrackingNumber).ToList(),
                Convert.FromBase64String(json.GetProperty("form_pdf_base64").GetString()!)));
        },
        // A manifest whose answer was lost, asked for again with other labels (another key): SERA names it.
        body => MadeEarlier(StampsError.Read(body), labels), cancellationToken);
    }

    private sealed record ManifestLabel(string Id, string TrackingNumber);

    /// <summary>
    /// Every refusal is "already on manifest ...": the labels of the first such manifest, as that manifest. Labels on
    /// other manifests, or any other refusal, are left to the caller (the next round asks again for the rest).
    /// </summary>
    private static CarrierResult<EndOfDayForm>? MadeEarlier(StampsError error, IReadOnlyList<ManifestLabel> labels)
    {
        if (error.Code != StampsSettledAnswers.ValidationError || error.Details.Count == 0) return null;
        var onManifests = error.Details.Select(d => d.Code == StampsSettledAnswers.LabelManifested && d.ManifestId is not null
            && labels.FirstOrDefault(l => l.Id == d.LabelId || l.TrackingNumber == d.LabelId) is { } label ? (d.ManifestId, label.TrackingNumber) : default).ToList();
        if (onManifests.Any(m => m.ManifestId is null)) return null;
        var manifest = onManifests[0].ManifestId!;
        var tracking = onManifests.Where(m => m.ManifestId == manifest).Select(m => m.TrackingNumber).Distinct().ToList();
        return new CarrierResult<EndOfDayForm>.Success(new EndOfDayForm(manifest, tracking, []) { MadeEarlier = true });
    }

    public Task<CarrierResult<ScheduledPickup>> SchedulePickupAsync(CarrierSession session, PickupRequest request, CancellationToken cancellationToken)
    {
        var http = SeraRequest(HttpMethod.Post, "v1/pickups", session.AccessToken, new
        {
            carrier = sera,
            pickup_date = request.PickupDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            address = Address(request.Address),
            packages = request.Packages.Select(p => new { type = p.Type, count = p.Count }),
        });
        // The same scheduling attempt sent again is the same pickup at SERA, not a second one.
        if (request.Reference is { } reference) http.Headers.Add("Idempotency-Key", CarrierIdempotencyKey.From($"pickup|{reference}"));
        return SendAsync<ScheduledPickup>(http, idempotent: false, async response =>
        {
            var json = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            return new CarrierResult<ScheduledPickup>.Success(new ScheduledPickup(
                json.GetProperty("confirmation_number").GetString()!,
                DateOnly.Parse(json.GetProperty("pickup_date").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
                json.GetProperty("pickup_id").GetString()));
        }, cancellationToken);
    }

    public Task<CarrierResult<bool>> CancelPickupAsync(CarrierSession session, string confirmationNumber, string? carrierPickupId, CancellationToken cancellationToken) =>
        SendAsync<bool>(SeraRequest(HttpMethod.Delete, $"v1/pickups/{Uri.EscapeDataString(carrierPickupId ?? confirmationNumber)}", session.AccessToken), idempotent: true,
            async response =>
            {
                await CarrierHttp.EnsureReadableAsync(response, cancellationToken);
                return new CarrierResult<bool>.Success(true);
            },
            // An earlier cancel went through and only its answer was lost.
            settled: ([StampsSettledAnswers.PickupAlreadyCanceled], true), cancellationToken);

    private Task<CarrierResult<T>> SendAsync<T>(HttpRequestMessage request, bool idempotent, Func<HttpResponseMessage, Task<CarrierResult<T>>> read, CancellationToken cancellationToken) =>
        SendAsync(request, idempotent, read, settled: null, cancellationToken);

    /// <param name="settled">
    /// SERA error codes that say the work is already done (an earlier call went through and only its answer was
    /// lost), and the outcome they stand for; null when no refusal settles the call.
    /// </param>
    private Task<CarrierResult<T>> SendAsync<T>(
        HttpRequestMessage request, bool idempotent, Func<HttpResponseMessage, Task<CarrierResult<T>>> read,
        (string[] Codes, T Outcome)? settled, CancellationToken cancellationToken) =>
        SendAsync(request, idempotent, read,
            body => settled is { } done && StampsError.Read(body).Code is { } code && done.Codes.Contains(code) ? new CarrierResult<T>.Success(done.Outcome) : null,
            cancellationToken);

    /// <param name="settle">The outcome a refusal proves (work done earlier, its answer lost), or null for a failure.</param>
    private Task<CarrierResult<T>> SendAsync<T>(
        HttpRequestMessage request, bool idempotent, Func<HttpResponseMessage, Task<CarrierResult<T>>> read,
        Func<string, CarrierResult<T>?> settle, CancellationToken cancellationToken) =>
        CarrierHttp.SendAsync(http, request, CarrierName, idempotent, read,
            (response, body) => settle(body) ?? ClassifySeraFailure<T>(response, body, idempotent),
            cancellationToken);

    private CarrierResult<T> ClassifySeraFailure<T>(HttpResponseMessage response, string body, bool idempotent)
    {
        var error = StampsError.Read(body);
        return response.StatusCode switch
        {
            // A stale authenticator (SWS 002b0201): the runner authenticates again once before concluding.
            HttpStatusCode.Unauthorized => new CarrierResult<T>.AuthRejected("Stamps.com did not accept CarrierLink's authenticator."),
            HttpStatusCode.Forbidden when error.Code == "account_suspended" => new CarrierResult<T>.Suspended(error.Message ?? "Stamps.com suspended this account."),
            var status when HttpFailures.IsTransientStatus(status) =>
                new CarrierResult<T>.Transient($"Stamps.com answered {(int)status}.", HttpFailures.RetryAfter(response.Headers, time.GetUtcNow()), MayHaveBeenProcessed: !idempotent && (int)status >= 500),
            _ => new CarrierResult<T>.Invalid(error.Message ?? $"Stamps.com refused the request ({(int)response.StatusCode}).", error.Fields),
        };
    }

    /// <summary>
    /// SERA names its services itself (usps_priority_mail, ups_ground...). One Balance's USPS account also takes
    /// USPS's mail classes (CarrierLink's own names for them), so those are translated for USPS only; a UPS
    /// account is never given a USPS class in disguise: CarrierLink refuses services the carrier does not
    /// have (CarrierCatalog) before calling, and anything else passes through for SERA to judge.
    /// </summary>
    private string? ServiceType(string? mailClass) => (sera, mailClass?.ToUpperInvariant()) switch
    {
        (_, null) => null,
        ("usps", "USPS_GROUND_ADVANTAGE") => "usps_ground_advantage",
        ("usps", "PRIORITY_MAIL") => "usps_priority_mail",
        ("usps", "PRIORITY_MAIL_EXPRESS") => "usps_priority_mail_express",
        _ => mailClass.ToLowerInvariant(),
    };

    private static PurchasedLabel ReadLabel(JsonElement json) => new(
        json.GetProperty("tracking_number").GetString()!,
        json.GetProperty("amount").GetDecimal(),
        json.TryGetProperty("currency", out var c) ? c.GetString() ?? "USD" : "USD",
        null,
        json.TryGetProperty("label_pdf_base64", out var pdf) && pdf.ValueKind == JsonValueKind.String ? Convert.FromBase64String(pdf.GetString()!) : [],
        json.GetProperty("label_id").GetString());

    private static object Address(ShippingAddress address) => new
    {
        name = address.Name,
        company = address.Company,
        street1 = address.Street1,
        street2 = address.Street2,
        city = address.City,
        state = address.State,
        postal_code = address.Zip,
        country_code = address.Country ?? "US",
        phone = address.Phone,
    };

}
