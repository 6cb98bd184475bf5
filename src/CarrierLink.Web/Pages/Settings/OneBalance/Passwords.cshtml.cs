using CarrierLink.Web.Data;
using Microsoft.AspNetCore.Mvc;

namespace CarrierLink.Web.Pages.Settings.OneBalance;

public sealed class PasswordsModel(CarrierLinkDb db) : OneBalancePageModel(db)
{
    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken) || Account.Carrier != CarrierLink.Carriers.Catalog.CarrierCodes.Stamps) return NotFound();
        OneBalanceBreadcrumbs("Manage Passwords");
        return Page();
    }
}
