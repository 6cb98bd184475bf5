using CarrierLink.Carriers.Catalog;
using CarrierLink.Carriers.Shipping;
using CarrierLink.Web.Accounts;
using CarrierLink.Web.Data;
using CarrierLink.Web.Shipping;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CarrierLink.Web.Pages.Ship;

/// <summary>What the merchant fills in on the Ship screen; the defaults make a first try one click.</summary>
public sealed class ShipForm
{
    public string FromName { get; set; } = "Demo Shipping Co";
    public string FromStreet { get; set; } = "123 Main St";
    public string FromCity { get; set; } = "New York";
    public string FromState { get; set; } = "NY";
    public string FromZip { get; set; } = "10001";
    public string ToName { get; set; } = "Sam Receiver";
    public string ToStreet { get; set; } = "500 Howard St";
    public string ToCity { get; set; } = "San Francisco";
    public string ToState { get; set; } = "CA";
    public string ToZip { get; set; } = "94105";
    public string WeightOz { get; set; } = "24";
    public string MailClass { get; set; } = "PRIORITY_MAIL";
}

/// <summary>The Ship screen: the five operations of flow A for one account, through the same service as the API.</summary>
public sealed class ShipModel(CarrierLinkDb db, ShippingService shipping, AccountCommands commands) : MerchantPageModel
{
    public IReadOnlyList<CarrierAccount> Accounts { get; private set; } = [];
    public CarrierAccount? Account { get; private set; }
    [BindProperty] public ShipForm Form { get; set; } = new();
    public IReadOnlyList<Rate>? Rates { get; private set; }
    public IReadOnlyList<ShippingLabel> Labels { get; private set; } = [];
    public IReadOnlyList<EndOfDayManifest> Manifests { get; private set; } = [];
    public IReadOnlyList<CarrierPickup> Pickups { get; private set; } = [];
    public string? Message { get; private set; }
    public bool MessageIsError { get; private set; }
    public DateOnly Today => shipping.Today;
    public DateOnly NextPickupDay => Today.AddDays(1).DayOfWeek == DayOfWeek.Sunday ? Today.AddDays(2) : Today.AddDays(1);

    public async Task<IActionResult> OnGetAsync(Guid? account, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(account, cancellationToken)) return NotFound();
        if (Account is not null) await LoadListsAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRatesAsync(Guid? account, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(account, cancellationToken)) return NotFound();
        var errors = new InputErrors();
        var request = ShippingInputValidation.Validate(new RatesInput(Form.FromZip, Form.ToZip, Decimal(Form.WeightOz), null, null, null, null), errors);
        if (request is null) return await ProblemAsync(errors, cancellationToken);
        var outcome = await shipping.GetRatesAsync(Account!, request, cancellationToken);
        if (outcome is OperationOutcome<IReadOnlyList<Rate>>.Succeeded s) Rates = s.Value;
        return await ShowAsync(outcome, _ => "Rates from USPS, for today's mailing.", cancellationToken);
    }

    public async Task<IActionResult> OnPostLabelAsync(Guid? account, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(account, cancellationToken)) return NotFound();
        var errors = new InputErrors();
        var input = new LabelInput(
            new AddressInput(Form.FromName, null, Form.FromStreet, null, Form.FromCity, Form.FromState, Form.FromZip, "US", null),
            new AddressInput(Form.ToName, null, Form.ToStreet, null, Form.ToCity, Form.ToState, Form.ToZip, "US", null),
            Decimal(Form.WeightOz), Form.MailClass, null, null, null, null);
        var request = ShippingInputValidation.Validate(input, errors, Today);
        if (request is null) return await ProblemAsync(errors, cancellationToken);
        return await ShowAsync(await shipping.BuyLabelAsync(Account!, request, null, cancellationToken), l => $"Label {l.TrackingNumber} created (${l.Price:0.00}).", cancellationToken);
    }

    public async Task<IActionResult> OnPostVoidAsync(Guid? account, string trackingNumber, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(account, cancellationToken)) return NotFound();
        return await ShowAsync(await shipping.VoidLabelAsync(Account!, trackingNumber, cancellationToken), l => $"Label {l.TrackingNumber} is {l.Status}.", cancellationToken);
    }

    public async Task<IActionResult> OnPostEndOfDayAsync(Guid? account, DateOnly? mailingDate, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(account, cancellationToken)) return NotFound();
        return await ShowAsync(await shipping.CreateEndOfDayFormAsync(Account!, null, mailingDate ?? Today, cancellationToken), m => $"End of Day form {m.ManifestNumber} created.", cancellationToken);
    }

    public async Task<IActionResult> OnPostPickupAsync(Guid? account, DateOnly? pickupDate, int? packageCount, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(account, cancellationToken)) return NotFound();
        var errors = new InputErrors();
        var input = new PickupInput(pickupDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            new AddressInput(Form.FromName, null, Form.FromStreet, null, Form.FromCity, Form.FromState, Form.FromZip, "US", null),
            [new PackageInput(Form.MailClass, packageCount)], "FRONT_DOOR", User.Identity?.Name);
        var request = ShippingInputValidation.Validate(input, errors);
        if (request is null) return await ProblemAsync(errors, cancellationToken);
        return await ShowAsync(await shipping.SchedulePickupAsync(Account!, request, cancellationToken), p => $"Pickup {p.ConfirmationNumber} scheduled for {p.PickupDate:yyyy-MM-dd}.", cancellationToken);
    }

    public async Task<IActionResult> OnPostCancelPickupAsync(Guid? account, string confirmationNumber, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(account, cancellationToken)) return NotFound();
        return await ShowAsync(await shipping.CancelPickupAsync(Account!, confirmationNumber, cancellationToken), p => $"Pickup {p.ConfirmationNumber} canceled.", cancellationToken);
    }

    public async Task<IActionResult> OnGetLabelPdfAsync(Guid? account, string trackingNumber, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(account, cancellationToken)) return NotFound();
        var label = await db.Labels.AsNoTracking().FirstOrDefaultAsync(l => l.AccountId == Account!.Id && l.TrackingNumber == trackingNumber, cancellationToken);
        return label is null ? NotFound() : File(label.LabelPdf, "application/pdf", $"{label.TrackingNumber}.pdf");
    }

    public async Task<IActionResult> OnGetFormPdfAsync(Guid? account, string manifestNumber, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(account, cancellationToken)) return NotFound();
        var manifest = await db.Manifests.AsNoTracking().FirstOrDefaultAsync(m => m.AccountId == Account!.Id && m.ManifestNumber == manifestNumber, cancellationToken);
        return manifest is null ? NotFound() : File(manifest.FormPdf, "application/pdf", $"{manifest.ManifestNumber}.pdf");
    }

    private async Task<IActionResult> ShowAsync<T>(OperationOutcome<T> outcome, Func<T, string> success, CancellationToken cancellationToken)
    {
        var carrier = CarrierCatalog.Find(Account!.Carrier)?.ShortName ?? Account.Carrier;
        (Message, MessageIsError) = outcome switch
        {
            OperationOutcome<T>.Succeeded s => (success(s.Value), false),
            OperationOutcome<T>.ReconnectRequired => ($"{carrier} no longer accepts CarrierLink's connection to {Account.Nickname}. Reconnect it to continue; nothing was lost.", true),
            OperationOutcome<T>.CarrierUnavailable => ($"{carrier} is having trouble right now. Nothing changed; try again in a few minutes.", true),
            OperationOutcome<T>.Rejected r => ($"{carrier} could not do that: {r.Message}", true),
            OperationOutcome<T>.AccountSuspended s => ($"{carrier} suspended this account: {s.Reason}", true),
            OperationOutcome<T>.Conflict c => (c.Detail, true),
            OperationOutcome<T>.NotUsable n => ($"{Account.Nickname} is not connected ({StateLabels.Label(n.State)}).", true),
            _ => ("Something unexpected happened.", true),
        };
        if (MessageIsError) Response.StatusCode = outcome is OperationOutcome<T>.ReconnectRequired ? StatusCodes.Status424FailedDependency : StatusCodes.Status400BadRequest;
        await LoadListsAsync(cancellationToken);
        // The account may have changed state (needs_reconnect): show it as it now is.
        Accounts = await AccountsAsync(cancellationToken);
        Account = Accounts.First(a => a.Id == Account.Id);
        return Page();
    }

    private async Task<IActionResult> ProblemAsync(InputErrors errors, CancellationToken cancellationToken)
    {
        Message = "Check the form: " + string.Join("; ", errors.ToDictionary().Select(e => $"{e.Key.Replace('_', ' ')} {string.Join(", ", e.Value)}"));
        MessageIsError = true;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        await LoadListsAsync(cancellationToken);
        return Page();
    }

    private async Task<bool> LoadAsync(Guid? accountId, CancellationToken cancellationToken)
    {
        Accounts = await AccountsAsync(cancellationToken);
        if (Accounts.Count == 0) return accountId is null;
        Account = accountId is { } id ? Accounts.FirstOrDefault(a => a.Id == id) : Accounts[0];
        return Account is not null;
    }

    private async Task<List<CarrierAccount>> AccountsAsync(CancellationToken cancellationToken)
    {
        var accounts = await db.ActiveOf(MerchantId).AsNoTracking()
            .Where(a => a.State != ConnectionState.Pending)
            .OrderBy(a => a.Nickname)
            .ToListAsync(cancellationToken);
        return accounts.Where(a => commands.CanShip(a.Carrier)).ToList();
    }

    private async Task LoadListsAsync(CancellationToken cancellationToken)
    {
        var id = Account!.Id;
        Labels = await db.Labels.AsNoTracking().Where(l => l.AccountId == id).OrderByDescending(l => l.CreatedAt).Take(20).ToListAsync(cancellationToken);
        Manifests = await db.Manifests.AsNoTracking().Where(m => m.AccountId == id).OrderByDescending(m => m.CreatedAt).Take(5).ToListAsync(cancellationToken);
        Pickups = await db.Pickups.AsNoTracking().Where(p => p.AccountId == id).OrderByDescending(p => p.CreatedAt).Take(5).ToListAsync(cancellationToken);
    }

    private static decimal? Decimal(string? value) =>
        decimal.TryParse(value, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var d) ? d : null;
}
