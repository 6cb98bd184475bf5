using CarrierLink.Web.Data;
using Microsoft.AspNetCore.Mvc;

namespace CarrierLink.Web.Pages.Settings.Carriers;

/// <summary>Where a successful carrier sign-in lands; Done returns to the carrier's Settings screen.</summary>
public sealed class ConnectedModel(CarrierLinkDb db) : AccountPageModel(db)
{
    public bool Reconnected { get; private set; }

    public async Task<IActionResult> OnGetAsync(string carrier, Guid id, bool reconnected, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(carrier, id, cancellationToken)) return NotFound();
        Reconnected = reconnected;
        AccountBreadcrumbs(reconnected ? "Reconnected" : "Connected");
        return Page();
    }
}
