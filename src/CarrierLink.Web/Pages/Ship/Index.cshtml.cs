using System.Globalization;
using System.Text.Json;
using CarrierLink.Carriers.Catalog;
using CarrierLink.Carriers.Shipping;
using CarrierLink.Web.Accounts;
using CarrierLink.Web.Data;
using CarrierLink.Web.Pages.Settings.ShipFrom;
using CarrierLink.Web.Shipping;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CarrierLink.Web.Pages.Ship;

/// <summary>
/// The Ship screen: the five operations of flow A for one account, through the same service as the API.
/// Every POST that changes something redirects when it succeeded (post/redirect/get), and a label is bought
/// in two steps, price first, with an Idempotency-Key made when the price is shown: a reload, a double click
/// or the same form sent again buys one label.
/// </summary>
public sealed class ShipModel(CarrierLinkDb db, ShippingService shipping, AccountCommands commands) : ShipPageModel(db, commands)
{
    public RatesForm RatesInput { get; private set; } = new();
    public LabelForm LabelInput { get; private set; } = new();
    public FieldErrors RatesErrors { get; private set; } = FieldErrors.None;
    public FieldErrors LabelErrors { get; private set; } = FieldErrors.None;
    public FieldErrors PickupErrors { get; private set; } = FieldErrors.None;
    public string? PickupCount { get; private set; } = "1";
    public IReadOnlyList<Rate>? Rates { get; private set; }
    public LabelQuote? Quote { get; private set; }
    public IReadOnlyList<ShipFromAddress> ShipFroms { get; private set; } = [];
    public ShipFromAddress? DefaultShipFrom => ShipFroms.FirstOrDefault(a => a.IsDefault) ?? (ShipFroms.Count > 0 ? ShipFroms[0] : null);
    public IReadOnlyList<ShippingLabel> Labels { get; private set; } = [];
    public IReadOnlyList<EndOfDayManifest> Manifests { get; private set; } = [];
    public IReadOnlyList<CarrierPickup> Pickups { get; private set; } = [];

    /// <summary>Operations whose carrier answer was lost: shown as "checking with the carrier" until settled.</summary>
    public IReadOnlyList<UnsettledOperationResponse> Unsettled { get; private set; } = [];
    public DateOnly Today => shipping.Today;
    public DateOnly NextPickupDay => Today.AddDays(1).DayOfWeek == DayOfWeek.Sunday ? Today.AddDays(2) : Today.AddDays(1);

    public async Task<IActionResult> OnGetAsync(Guid? account, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(account, cancellationToken)) return NotFound();
        if (Account is null) return Page();
        await LoadListsAsync(cancellationToken);
        RatesInput = NewRatesForm();
        LabelInput = NewLabelForm();
        if (Done is { } done) Message = done;
        return Page();
    }

    public async Task<IActionResult> OnPostRatesAsync(Guid? account, [FromForm(Name = "rates")] RatesForm rates, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(account, cancellationToken)) return NotFound();
        if (Account is null) return Page();
        await LoadListsAsync(cancellationToken);
        (RatesInput, LabelInput) = (rates, NewLabelForm());
        var errors = new InputErrors();
        var weight = Ounces(rates.WeightOz, errors);
        var request = ShippingInputValidation.Validate(new RatesInput(rates.FromZip, rates.ToZip, weight, null, null, null, null), errors);
        if (request is null) return Invalid(RatesErrors = FieldErrors.From(errors, ShipWords.Rates));
        var outcome = await shipping.GetRatesAsync(Account, request, cancellationToken);
        if (outcome is OperationOutcome<IReadOnlyList<Rate>>.Succeeded s) Rates = s.Value;
        else await ShowFailureAsync(outcome, cancellationToken);
        return Page();
    }

    /// <summary>"Create label": checks the form, keeps a first ship-from address, and shows the carrier's price to confirm.</summary>
    public async Task<IActionResult> OnPostQuoteAsync(Guid? account, [FromForm(Name = "label")] LabelForm label, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(account, cancellationToken)) return NotFound();
        if (Account is null) return Page();
        await LoadListsAsync(cancellationToken);
        (RatesInput, LabelInput) = (NewRatesForm(), label);
        if (await LabelRequestAsync(label, cancellationToken) is not { } request) return Page();

        if (label.ShipFromId is null)
        {
            // The first shipment asks for the ship-from address; it is kept for the next ones (Settings > Ship-from addresses).
            // The same form sent again (a reload of the price step) finds the address it saved, instead of saving a copy.
            var saved = ShipFroms.FirstOrDefault(a => ShipFromBook.ToShipping(a) == request.FromAddress)
                ?? await ShipFromBook.AddAsync(Db, MerchantId, request.FromAddress, makeDefault: false, cancellationToken);
            label.ShipFromId = saved.Id;
            ShipFroms = await ShipFromBook.ListAsync(Db, MerchantId, cancellationToken);
        }

        var outcome = await shipping.GetRatesAsync(Account, new RatesRequest(request.FromAddress.Zip, request.ToAddress.Zip, request.WeightOz, null, null, null, request.MailClass), cancellationToken);
        switch (outcome)
        {
            case OperationOutcome<IReadOnlyList<Rate>>.Succeeded { Value: var rates }:
                var service = Carrier.Service(request.MailClass)!;
                var rate = rates.FirstOrDefault(r => service.Matches(r.MailClass)) ?? (rates.Count == 1 ? rates[0] : null);
                if (rate is null) return Invalid(LabelErrors = FieldErrors.From(Field("mail_class", $"has no price from {Carrier.Name} for this parcel; choose another service"), ShipWords.Label));
                Quote = new LabelQuote(service.Name, rate.Price, rate.DeliveryDays, Guid.NewGuid().ToString("N"));
                return Page();
            case OperationOutcome<IReadOnlyList<Rate>>.Rejected { FieldErrors: { Count: > 0 } fields }:
                return Invalid(LabelErrors = FieldErrors.From(OntoShipFrom(fields.ToDictionary(), label), ShipWords.Label));
            default:
                await ShowFailureAsync(outcome, cancellationToken);
                return Page();
        }
    }

    /// <summary>"Buy label for $X.XX": buys once per key, then shows the Ship screen afresh.</summary>
    public async Task<IActionResult> OnPostBuyAsync(Guid? account, [FromForm(Name = "label")] LabelForm label, string? idempotencyKey, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(account, cancellationToken)) return NotFound();
        if (Account is null) return Page();
        await LoadListsAsync(cancellationToken);
        (RatesInput, LabelInput) = (NewRatesForm(), label);
        if (await LabelRequestAsync(label, cancellationToken) is not { } request) return Page();
        if (idempotencyKey is not { Length: > 0 and <= 64 } || !idempotencyKey.All(char.IsAsciiLetterOrDigit))
            return Invalid(LabelErrors = FieldErrors.From(Field("price", "Get the price first: press Create label, then buy."), ShipWords.Label));

        var outcome = await shipping.BuyLabelAsync(Account, request, "ship-screen-" + idempotencyKey, cancellationToken);
        switch (outcome)
        {
            case OperationOutcome<ShippingLabel>.Succeeded { Value: var bought }:
                return ShipScreen($"Label {bought.TrackingNumber} bought: {Carrier.ServiceName(bought.MailClass)} for ${bought.Price:0.00}.");
            case OperationOutcome<ShippingLabel>.Rejected { FieldErrors: { Count: > 0 } fields }:
                return Invalid(LabelErrors = FieldErrors.From(OntoShipFrom(fields.ToDictionary(), label), ShipWords.Label));
            default:
                await ShowFailureAsync(outcome, cancellationToken);
                return Page();
        }
    }

    public async Task<IActionResult> OnPostEndOfDayAsync(Guid? account, DateOnly? mailingDate, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(account, cancellationToken)) return NotFound();
        if (Account is null) return Page();
        var outcome = await shipping.CreateEndOfDayFormAsync(Account, null, mailingDate ?? Today, cancellationToken);
        if (outcome is OperationOutcome<EndOfDayManifest>.Succeeded { Value: var manifest })
            return ShipScreen($"End of Day form {manifest.ManifestNumber} created for {manifest.MailingDate.ToString("MMM d, yyyy", CultureInfo.InvariantCulture)}.");
        return await FailedAsync(outcome, cancellationToken);
    }

    public async Task<IActionResult> OnPostPickupAsync(Guid? account, DateOnly? pickupDate, string? packageCount, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(account, cancellationToken)) return NotFound();
        if (Account is null) return Page();
        await LoadListsAsync(cancellationToken);
        var errors = new InputErrors();
        if (DefaultShipFrom is not { } from) errors.Add("address", "Add a ship-from address first: carriers pick up there.");
        var count = int.TryParse(packageCount, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : (int?)null;
        if (count is null && !string.IsNullOrWhiteSpace(packageCount)) errors.Add("packages[0].count", "must be a whole number, like 2");
        var input = new PickupInput(pickupDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            DefaultShipFrom is { } address ? ShipFromBook.ToInput(address) : null,
            [new PackageInput(Carrier.Services.Count > 0 ? Carrier.Services[0].Code : "PACKAGE", count)], "FRONT_DOOR",
            // USPS requires a contact for a pickup; the signed-in user's email is where the merchant reads mail.
            User.Identity?.Name);
        var request = ShippingInputValidation.Validate(input, errors);
        PickupCount = packageCount;
        if (request is null)
        {
            RatesInput = NewRatesForm();
            LabelInput = NewLabelForm();
            return Invalid(PickupErrors = FieldErrors.From(errors, ShipWords.Pickup));
        }
        var outcome = await shipping.SchedulePickupAsync(Account, request, idempotencyKey: null, cancellationToken);
        if (outcome is OperationOutcome<CarrierPickup>.Succeeded { Value: var pickup })
            return ShipScreen($"Pickup {pickup.ConfirmationNumber} scheduled for {pickup.PickupDate.ToString("dddd, MMM d", CultureInfo.InvariantCulture)}.");
        return await FailedAsync(outcome, cancellationToken);
    }

    public async Task<IActionResult> OnPostCancelPickupAsync(Guid? account, string confirmationNumber, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(account, cancellationToken)) return NotFound();
        if (Account is null) return Page();
        var outcome = await shipping.CancelPickupAsync(Account, confirmationNumber, cancellationToken);
        if (outcome is OperationOutcome<CarrierPickup>.Succeeded { Value: var pickup }) return ShipScreen($"Pickup {pickup.ConfirmationNumber} canceled.");
        return await FailedAsync(outcome, cancellationToken);
    }

    public async Task<IActionResult> OnGetLabelPdfAsync(Guid? account, string trackingNumber, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(account, cancellationToken) || Account is null) return NotFound();
        var label = await Db.Labels.AsNoTracking().FirstOrDefaultAsync(l => l.AccountId == Account.Id && l.TrackingNumber == trackingNumber, cancellationToken);
        return label is null ? NotFound() : File(label.LabelPdf, "application/pdf", $"{label.TrackingNumber}.pdf");
    }

    public async Task<IActionResult> OnGetFormPdfAsync(Guid? account, string manifestNumber, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(account, cancellationToken) || Account is null) return NotFound();
        var manifest = await Db.Manifests.AsNoTracking().FirstOrDefaultAsync(m => m.AccountId == Account.Id && m.ManifestNumber == manifestNumber, cancellationToken);
        return manifest is not { FormPdf.Length: > 0 } ? NotFound() : File(manifest.FormPdf, "application/pdf", $"{manifest.ManifestNumber}.pdf");
    }

    /// <summary>The label form checked into a request; on errors they are set next to their inputs and null is returned.</summary>
    private async Task<LabelRequest?> LabelRequestAsync(LabelForm label, CancellationToken cancellationToken)
    {
        var errors = new InputErrors();
        AddressInput? from = label.From.ToInput();
        // A choice that is not an id at all (tampered) is refused like another merchant's address, never read as "none chosen".
        var unreadable = ModelState.GetFieldValidationState("label.ShipFromId") == ModelValidationState.Invalid;
        if (label.ShipFromId is { } || unreadable)
        {
            var saved = label.ShipFromId is { } id ? await ShipFromBook.FindAsync(Db, MerchantId, id, cancellationToken) : null;
            from = saved is null ? null : ShipFromBook.ToInput(saved);
            if (from is null) errors.Add("ship_from", "is not one of your addresses; choose another");
        }
        var weight = Ounces(label.WeightOz, errors);
        var (length, width, height) = (Inches(label.LengthIn, "length_in", errors), Inches(label.WidthIn, "width_in", errors), Inches(label.HeightIn, "height_in", errors));
        var request = ShippingInputValidation.Validate(new LabelInput(from, label.To.ToInput(), weight, label.MailClass, length, width, height, null), errors, Today);
        if (request is not null && Carrier.Service(request.MailClass) is null) errors.Add("mail_class", $"is not a {Carrier.Name} service; choose one from the list");
        if (!errors.Any) return request;
        Invalid(LabelErrors = FieldErrors.From(errors, ShipWords.Label));
        return null;
    }

    /// <summary>
    /// A saved ship-from address has no inputs on the screen (it is chosen in "Ship from"), so what the carrier refused
    /// about it is said there, with where to fix it (FedEx needs the shipper's phone, which USPS and UPS do not).
    /// </summary>
    private static Dictionary<string, string[]> OntoShipFrom(IDictionary<string, string[]> errors, LabelForm label)
    {
        const string prefix = "from_address.";
        if (label.ShipFromId is null) return new(errors);
        var result = errors.Where(e => !e.Key.StartsWith(prefix, StringComparison.Ordinal)).ToDictionary(e => e.Key, e => e.Value);
        var aboutShipFrom = errors.Where(e => e.Key.StartsWith(prefix, StringComparison.Ordinal))
            .SelectMany(e => e.Value.Select(message => $"address: its {e.Key[prefix.Length..].Replace('_', ' ')} {message}. Add it in Settings > Ship-from addresses."))
            .ToArray();
        if (aboutShipFrom.Length > 0) result["ship_from"] = aboutShipFrom;
        return result;
    }

    private RatesForm NewRatesForm() => new() { FromZip = DefaultShipFrom?.Zip, ToZip = "94105", WeightOz = "24" };

    private LabelForm NewLabelForm() => new()
    {
        ShipFromId = DefaultShipFrom?.Id,
        // A sample recipient so a first try is one click; the price step shows it before anything is bought.
        To = new AddressForm { Name = "Sam Receiver", Street = "500 Howard St", City = "San Francisco", State = "CA", Zip = "94105" },
        WeightOz = "24",
        // A sample parcel, like the sample recipient: the price step shows it before anything is bought.
        LengthIn = "10",
        WidthIn = "6",
        HeightIn = "4",
        MailClass = DefaultService(),
    };

    /// <summary>The account's own default service (its settings), else the carrier's first.</summary>
    private string? DefaultService()
    {
        try
        {
            using var settings = JsonDocument.Parse(Account!.SettingsJson);
            if (settings.RootElement.TryGetProperty("default_mail_class", out var value) && Carrier.Service(value.GetString()) is { } chosen) return chosen.Code;
        }
        catch (JsonException)
        {
            // Unreadable settings only lose the preference.
        }
        return Carrier.Services.Count > 0 ? Carrier.Services[0].Code : null;
    }

    private async Task<IActionResult> FailedAsync<T>(OperationOutcome<T> outcome, CancellationToken cancellationToken)
    {
        await ShowFailureAsync(outcome, cancellationToken);
        await LoadListsAsync(cancellationToken);
        RatesInput = NewRatesForm();
        LabelInput = NewLabelForm();
        return Page();
    }

    private PageResult Invalid(FieldErrors _)
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private async Task LoadListsAsync(CancellationToken cancellationToken)
    {
        var id = Account!.Id;
        ShipFroms = await ShipFromBook.ListAsync(Db, MerchantId, cancellationToken);
        Labels = await Db.Labels.AsNoTracking().Where(l => l.AccountId == id).OrderByDescending(l => l.CreatedAt).Take(20).ToListAsync(cancellationToken);
        Manifests = await Db.Manifests.AsNoTracking().Where(m => m.AccountId == id).OrderByDescending(m => m.CreatedAt).Take(5).ToListAsync(cancellationToken);
        Pickups = await Db.Pickups.AsNoTracking().Where(p => p.AccountId == id).OrderByDescending(p => p.CreatedAt).Take(5).ToListAsync(cancellationToken);
        Unsettled = await ReconciliationReportResponse.UnsettledAsync(Db, id, limit: 5, cancellationToken);
    }

    /// <summary>Ounces as typed; words or symbols are an error of their own, not "is required".</summary>
    private static decimal? Ounces(string? value, InputErrors errors)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var ounces)) return ounces;
        errors.Add("weight_oz", "must be a number of ounces, like 24");
        return null;
    }

    /// <summary>Inches as typed: required, a number greater than 0.</summary>
    private static decimal? Inches(string? value, string field, InputErrors errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(field, "is required");
            return null;
        }
        if (decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var inches) && inches > 0) return inches;
        errors.Add(field, "must be a number of inches greater than 0, like 10");
        return null;
    }

    private static Dictionary<string, string[]> Field(string name, string message) => new() { [name] = [message] };
}
