using CarrierLink.Web.Data;
using CarrierLink.Web.Shipping;
using Microsoft.AspNetCore.Mvc;

namespace CarrierLink.Web.Pages.Settings.Carriers;

/// <summary>Where a successful carrier sign-in lands: offers what the break interrupted; Done returns to the carrier's Settings screen.</summary>
public sealed class ConnectedModel(CarrierLinkDb db, ResumableOperations resumable) : AccountPageModel(db)
{
    public bool Reconnected { get; private set; }
    public IReadOnlyList<FailedOperation> Pending { get; private set; } = [];
    public ResumeResult? Result { get; private set; }

    /// <summary>Done returns to the carrier's Settings screen (One Balance accounts: One Balance and Carriers).</summary>
    public string DoneHref => Descriptor.ConnectMethod == CarrierLink.Carriers.Catalog.ConnectMethod.OAuth ? $"/settings/carriers/{Descriptor.Code}" : "/settings/one-balance";

    public async Task<IActionResult> OnGetAsync(string carrier, Guid id, bool reconnected, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(carrier, id, cancellationToken)) return NotFound();
        Reconnected = reconnected;
        AccountBreadcrumbs(reconnected ? "Reconnected" : "Connected");
        Pending = await resumable.PendingAsync(Account.Id, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostResumeAsync(string carrier, Guid id, Guid operationId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(carrier, id, cancellationToken)) return NotFound();
        Reconnected = true;
        AccountBreadcrumbs("Reconnected");
        Result = await resumable.ResumeAsync(Account, operationId, cancellationToken);
        Pending = await resumable.PendingAsync(Account.Id, cancellationToken);
        return Page();
    }
}
