using CarrierLink.Web.Data;
using Microsoft.AspNetCore.Mvc;

namespace CarrierLink.Web.Pages.Settings.OneBalance;

public sealed class PasswordsModel(CarrierLinkDb db) : OneBalancePageModel(db)
{
    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken) || Descriptor.ConnectMethod != CarrierLink.Carriers.Catalog.ConnectMethod.Password) return NotFound();
        OneBalanceBreadcrumbs("Manage Passwords");
        return Page();
    }
}
