using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CarrierLink.Sandbox.Customers;
using CarrierLink.Sandbox.Usps.Api;
using Microsoft.AspNetCore.Mvc;

namespace CarrierLink.Sandbox.Stamps.Api;

/// <summary>
/// The SERA shipping API on One Balance (/sera/v1): rates, labels (Idempotency-Key required), void, manifests (SCAN forms)
/// and pickups. Every call needs "Authorization: Bearer &lt;authenticator&gt;" from /swsim/v1/authenticate.
/// </summary>
public static class SeraEndpoints
{
    public const string IdempotencyHeader = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const string Currency = "USD";
    public const int MaxShipDays = 45;

    public static void MapStampsSera(this IEndpointRouteBuilder app)
    {
        var sera = app.MapGroup("/sera/v1").RequireStampsAuthenticator();
        // Cast: a handler taking only HttpContext would otherwise bind as a RequestDelegate and drop its result.
        sera.MapPost("/rates", (Delegate)RatesAsync);
        sera.MapPost("/labels", CreateLabelAsync);
        // Not a SERA call: lets a platform that lost a purchase's response find the label it bought (by its reference).
        sera.MapGet("/labels", (string? reference, HttpContext context, SeraStore store) => string.IsNullOrWhiteSpace(reference)
            ? StampsApiJson.Validation([new("reference", "Query parameter reference is required.")])
            : Results.Json(new { labels = store.FindByReference(context.StampsCustomer().Username, reference).Select(l => LabelView(l)) }));
        sera.MapPut("/labels/{label_id}/void", Void);
        sera.MapPost("/manifests", CreateManifestAsync);
        sera.MapPost("/pickups", SchedulePickupAsync);
        sera.MapDelete("/pickups/{pickup_id}", ([FromRoute(Name = "pickup_id")] string pickupId, HttpContext context, SeraStore store) =>
            store.CancelPickup(context.StampsCustomer().Username, pickupId) switch
            {
                PickupCancel.Done => Results.NoContent(),
                PickupCancel.AlreadyCanceled => StampsApiJson.Error(StatusCodes.Status409Conflict, "pickup_already_canceled", $"Pickup '{pickupId}' is already canceled."),
                _ => StampsApiJson.NotFound($"There is no pickup '{pickupId}' on this account."),
            });
    }

    private static Task<(JsonElement Body, IResult? Problem)> ReadAsync(HttpContext context) =>
        StampsApiJson.ReadObjectAsync(context, message => StampsApiJson.Validation([new("body", message)]));

    private static async Task<IResult> RatesAsync(HttpContext context)
    {
        var (body, problem) = await ReadAsync(context);
        if (problem is not null) return problem;

        var errors = new List<FieldError>();
        var carrier = SeraValidation.Carrier(body, errors);
        var service = SeraValidation.Service(body, carrier, required: false, errors);
        var from = SeraValidation.PostalCode(body, "from_postal_code", errors);
        var to = SeraValidation.PostalCode(body, "to_postal_code", errors);
        var weight = SeraValidation.WeightOz(body, service, carrier, errors);
        if (errors.Count > 0) return StampsApiJson.Validation(errors);

        var services = service is null ? SeraRates.For(carrier!) : [service];
        var rates = services.Select(s => SeraRates.Quote(s, from![..5], to![..5], weight!.Value)).Select(q => new
        {
            carrier = q.Service.Carrier,
            service_type = q.Service.ServiceType,
            service_name = q.Service.ServiceName,
            amount = q.Amount,
            currency = Currency,
            delivery_days = q.DeliveryDays,
        });
        return Results.Json(new { rates });
    }

    private static async Task<IResult> CreateLabelAsync(HttpContext context, SeraStore store, TimeProvider time)
    {
        var (key, keyProblem) = IdempotencyKey(context, required: true);
        if (keyProblem is not null) return keyProblem;
        var (body, problem) = await ReadAsync(context);
        if (problem is not null) return problem;

        var errors = new List<FieldError>();
        var carrier = SeraValidation.Carrier(body, errors);
        var service = SeraValidation.Service(body, carrier, required: true, errors);
        var from = SeraValidation.Address(body, "from_address", errors);
        var to = SeraValidation.Address(body, "to_address", errors);
        var weight = SeraValidation.WeightOz(body, service, carrier, errors);
        var reference = body.Text("reference");
        if (reference is { Length: > 64 }) errors.Add(new("reference", "reference must be at most 64 characters."));
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var shipDate = SeraValidation.Date(body, "ship_date", errors, required: false) ?? today;
        if (shipDate < today || shipDate > today.AddDays(MaxShipDays))
        {
            errors.Add(new("ship_date", $"ship_date must be between today and {MaxShipDays} days from today."));
        }
        if (errors.Count > 0) return StampsApiJson.Validation(errors);

        var customer = context.StampsCustomer();
        var result = store.CreateLabel(customer.Username, key!, StampsApiJson.Fingerprint(body), () =>
        {
            var quote = SeraRates.Quote(service!, from!.Zip5, to!.Zip5, weight!.Value);
            var tracking = TrackingNumber(service!, customer);
            var pdf = UspsDocuments.Pdf(
            [
                "STAMPS.COM SANDBOX LABEL - NOT VALID FOR MAILING",
                service!.ServiceName,
                $"Postage ${quote.Amount.ToString("0.00", CultureInfo.InvariantCulture)}  Ship date {shipDate:yyyy-MM-dd}  {weight!.Value.ToString(CultureInfo.InvariantCulture)} oz",
                "From:", .. from.Lines(), "",
                "To:", .. to.Lines(), "",
                $"{service.Carrier.ToUpperInvariant()} TRACKING #",
                tracking,
                $"Paid from One Balance, customer {customer.Stamps?.CustomerId}",
            ]);
            return new SeraLabel(Guid.NewGuid().ToString(), customer.Username, tracking, service.Carrier, service.ServiceType, quote.Amount,
                reference, shipDate, pdf, time.GetUtcNow());
        });

        return result switch
        {
            Idempotent<SeraLabel>.Created created => Results.Json(LabelView(created.Value), statusCode: StatusCodes.Status201Created),
            Idempotent<SeraLabel>.Replayed replayed => Results.Json(LabelView(replayed.Value), statusCode: StatusCodes.Status201Created)
                .WithHeader(ReplayedHeader, "true"),
            _ => KeyReused(),
        };
    }

    private static IResult Void([FromRoute(Name = "label_id")] string labelId, HttpContext context, SeraStore store) =>
        store.Void(context.StampsCustomer().Username, labelId) switch
        {
            VoidResult.Done done => Results.Json(new { label_id = done.Label.LabelId, status = done.Label.Status, refund_amount = done.Label.Amount, currency = Currency }),
            VoidResult.AlreadyVoided => StampsApiJson.Error(StatusCodes.Status409Conflict, "label_already_voided", $"Label '{labelId}' is already voided."),
            VoidResult.Manifested manifested => StampsApiJson.Error(StatusCodes.Status409Conflict, "label_manifested",
                $"Label '{labelId}' is on manifest '{manifested.ManifestId}' and can no longer be voided."),
            _ => StampsApiJson.NotFound($"There is no label '{labelId}' on this account."),
        };

    private static async Task<IResult> CreateManifestAsync(HttpContext context, SeraStore store, TimeProvider time)
    {
        var (key, keyProblem) = IdempotencyKey(context, required: false);
        if (keyProblem is not null) return keyProblem;
        var (body, problem) = await ReadAsync(context);
        if (problem is not null) return problem;

        var errors = new List<FieldError>();
        List<string>? labelIds = null;
        switch (body.Find("label_ids"))
        {
            case null:
                break;
            // An empty list means the same as leaving it out: every open USPS label of the ship date.
            case { ValueKind: JsonValueKind.Array } list when list.GetArrayLength() == 0:
                break;
            case { ValueKind: JsonValueKind.Array } list when list.EnumerateArray().All(i => i.ValueKind == JsonValueKind.String && i.GetString()!.Length > 0):
                labelIds = [.. list.EnumerateArray().Select(i => i.GetString()!)];
                break;
            default:
                errors.Add(new("label_ids", "label_ids must be an array of label ids (or tracking numbers), or left out to take every open USPS label of the ship date."));
                break;
        }
        var shipDate = SeraValidation.Date(body, "ship_date", errors, required: false) ?? DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        if (errors.Count > 0) return StampsApiJson.Validation(errors);

        var customer = context.StampsCustomer();
        var result = store.CreateManifest(customer.Username, key, StampsApiJson.Fingerprint(body), labelIds, shipDate, (manifestId, date, labels) =>
            UspsDocuments.Pdf(
            [
                "PS FORM 5630 - SHIPMENT CONFIRMATION ACCEPTANCE NOTICE (SANDBOX)",
                $"Manifest {manifestId}",
                $"Ship date {date:yyyy-MM-dd}   Packages {labels.Count}",
                $"Mailer: Stamps.com One Balance customer {customer.Stamps?.CustomerId}",
                "",
                .. labels.Select(l => $"{l.TrackingNumber}  {l.ServiceType}"),
            ], widthPt: 612, heightPt: 792));

        return result switch
        {
            Idempotent<SeraManifest>.Created created => Results.Json(ManifestView(created.Value), statusCode: StatusCodes.Status201Created),
            Idempotent<SeraManifest>.Replayed replayed => Results.Json(ManifestView(replayed.Value), statusCode: StatusCodes.Status201Created)
                .WithHeader(ReplayedHeader, "true"),
            Idempotent<SeraManifest>.Refused refused => StampsApiJson.Validation(refused.Details),
            _ => KeyReused(),
        };
    }

    private static async Task<IResult> SchedulePickupAsync(HttpContext context, SeraStore store, TimeProvider time)
    {
        var (key, keyProblem) = IdempotencyKey(context, required: false);
        if (keyProblem is not null) return keyProblem;
        var (body, problem) = await ReadAsync(context);
        if (problem is not null) return problem;

        var errors = new List<FieldError>();
        var carrier = SeraValidation.Carrier(body, errors);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var date = SeraValidation.Date(body, "pickup_date", errors, required: true);
        if (date is { } d)
        {
            if (d < today) errors.Add(new("pickup_date", "pickup_date cannot be in the past."));
            else if (d > today.AddYears(1)) errors.Add(new("pickup_date", "pickup_date must be within a year."));
            else if (d.DayOfWeek == DayOfWeek.Sunday) errors.Add(new("pickup_date", "There are no pickups on Sundays."));
        }
        SeraValidation.Address(body, "address", errors);
        if (body.Find("packages") is not { ValueKind: JsonValueKind.Array } packages || packages.GetArrayLength() == 0)
        {
            errors.Add(new("packages", "packages is required: a non-empty array of {type, count}."));
        }
        else
        {
            var i = 0;
            foreach (var package in packages.EnumerateArray())
            {
                if (package.Text("type") is null) errors.Add(new($"packages[{i}].type", $"packages[{i}].type is required."));
                if (package.Find("count") is not { ValueKind: JsonValueKind.Number } count || !count.TryGetInt32(out var n) || n < 1)
                {
                    errors.Add(new($"packages[{i}].count", $"packages[{i}].count must be a whole number of at least 1."));
                }
                i++;
            }
        }
        if (errors.Count > 0) return StampsApiJson.Validation(errors);

        var customer = context.StampsCustomer();
        var result = store.SchedulePickup(customer.Username, key, StampsApiJson.Fingerprint(body), () =>
            new SeraPickup(Guid.NewGuid().ToString(), customer.Username, carrier!,
                carrier == SeraRates.Usps ? UspsNumbers.PickupConfirmation() : "29" + RandomText("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789", 9),
                date!.Value, time.GetUtcNow()));

        return result switch
        {
            Idempotent<SeraPickup>.Created created => Results.Json(PickupView(created.Value), statusCode: StatusCodes.Status201Created),
            Idempotent<SeraPickup>.Replayed replayed => Results.Json(PickupView(replayed.Value), statusCode: StatusCodes.Status201Created)
                .WithHeader(ReplayedHeader, "true"),
            _ => KeyReused(),
        };
    }

    /// <summary>The Idempotency-Key header as a UUID; a missing one is a problem only when <paramref name="required"/>.</summary>
    private static (string? Key, IResult? Problem) IdempotencyKey(HttpContext context, bool required)
    {
        var text = context.Request.Headers[IdempotencyHeader].ToString().Trim();
        if (text.Length == 0 && !required) return (null, null);
        return Guid.TryParse(text, out var key)
            ? (key.ToString("D"), null)
            : (null, StampsApiJson.Validation([new(IdempotencyHeader,
                text.Length == 0 ? "The Idempotency-Key header is required: a UUID that stays the same on every retry of this purchase." : "The Idempotency-Key header must be a UUID.")]));
    }

    private static IResult KeyReused() => StampsApiJson.Error(StatusCodes.Status409Conflict, "idempotency_key_reused",
        "This Idempotency-Key was already used with a different request. Use a new key for a new request.");

    public static object LabelView(SeraLabel label) => new
    {
        label_id = label.LabelId,
        tracking_number = label.TrackingNumber,
        carrier = label.Carrier,
        service_type = label.ServiceType,
        amount = label.Amount,
        currency = Currency,
        status = label.Status,
        reference = label.Reference,
        ship_date = label.ShipDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        manifest_id = label.ManifestId,
        created_at = label.CreatedAt,
        label_pdf_base64 = Convert.ToBase64String(label.Pdf),
    };

    private static object ManifestView(SeraManifest manifest) => new
    {
        manifest_id = manifest.ManifestId,
        label_ids = manifest.LabelIds,
        ship_date = manifest.ShipDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        created_at = manifest.CreatedAt,
        form_pdf_base64 = Convert.ToBase64String(manifest.Pdf),
    };

    private static object PickupView(SeraPickup pickup) => new
    {
        pickup_id = pickup.PickupId,
        confirmation_number = pickup.ConfirmationNumber,
        pickup_date = pickup.PickupDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        carrier = pickup.Carrier,
        status = pickup.Canceled ? "canceled" : "scheduled",
    };

    /// <summary>USPS: an IMpb number with a mailer id made from the customer id. UPS: "1Z", shipper, service code, serial (18 characters).</summary>
    private static string TrackingNumber(SeraService service, Customer customer)
    {
        var customerId = customer.Stamps?.CustomerId ?? "00000000";
        if (service.UspsMailClass is { } mailClass) return UspsNumbers.TrackingNumber(mailClass, "9" + customerId);
        var serviceCode = service.ServiceType switch
        {
            "ups_next_day_air" => "01",
            "ups_2nd_day_air" => "02",
            "ups_3_day_select" => "12",
            _ => "03",
        };
        return "1Z" + "ST" + customerId[^4..] + serviceCode + RandomText("0123456789", 8);
    }

    private static string RandomText(string alphabet, int length)
    {
        var text = new StringBuilder(length);
        for (var i = 0; i < length; i++) text.Append(alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)]);
        return text.ToString();
    }
}
