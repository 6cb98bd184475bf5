using CarrierLink.Web.Accounts;
using CarrierLink.Web.Data;
using CarrierLink.Web.Shipping;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CarrierLink.Web.Pages.Ship;

/// <summary>Voiding a label, confirmed first on a page of its own that says what comes back (no script needed).</summary>
public sealed class VoidModel(CarrierLinkDb db, ShippingService shipping, AccountCommands commands) : ShipPageModel(db, commands)
{
    public ShippingLabel Label { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid? account, string? trackingNumber, CancellationToken cancellationToken) =>
        await FindAsync(account, trackingNumber, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid? account, string? trackingNumber, CancellationToken cancellationToken)
    {
        if (!await FindAsync(account, trackingNumber, cancellationToken)) return NotFound();
        if (Label.Status != LabelStatuses.Purchased) return ShipScreen($"Label {Label.TrackingNumber} is already voided.");
        var outcome = await shipping.VoidLabelAsync(Account!, Label.TrackingNumber, cancellationToken);
        if (outcome is OperationOutcome<ShippingLabel>.Succeeded { Value: var voided })
            return ShipScreen(voided.Status == LabelStatuses.Disputed
                ? $"Label {voided.TrackingNumber} is voided; {Carrier.Name} is reviewing the refund."
                : $"Label {voided.TrackingNumber} voided. ${voided.Price:0.00} is refunded to your {Carrier.Name} account.");
        await ShowFailureAsync(outcome, cancellationToken);
        return Page();
    }

    private async Task<bool> FindAsync(Guid? account, string? trackingNumber, CancellationToken cancellationToken)
    {
        if (account is null || string.IsNullOrWhiteSpace(trackingNumber) || !await LoadAsync(account, cancellationToken) || Account is null) return false;
        var label = await Db.Labels.AsNoTracking().FirstOrDefaultAsync(l => l.AccountId == Account.Id && l.TrackingNumber == trackingNumber, cancellationToken);
        if (label is null) return false;
        Label = label;
        Breadcrumbs(("Ship", $"/ship?account={Account.Id}"), ($"Void label {label.TrackingNumber}", null));
        return true;
    }
}
