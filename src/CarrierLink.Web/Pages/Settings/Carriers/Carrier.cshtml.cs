using CarrierLink.Carriers.Catalog;
using CarrierLink.Web.Accounts;
using CarrierLink.Web.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CarrierLink.Web.Pages.Settings.Carriers;

/// <summary>A carrier's settings screen (e.g. "USPS Settings"): its accounts and their connection state.</summary>
public sealed class CarrierModel(CarrierLinkDb db, AccountCommands commands) : MerchantPageModel
{
    public CarrierDescriptor Descriptor { get; private set; } = null!;
    public IReadOnlyList<CarrierAccount> Accounts { get; private set; } = [];
    public bool Removed { get; private set; }

    public async Task<IActionResult> OnGetAsync(string carrier, bool removed, CancellationToken cancellationToken)
    {
        if (CarrierCatalog.Find(carrier) is not { } descriptor || !commands.CanConnect(descriptor.Code)) return NotFound();
        if (CarrierPages.OnOneBalancePage(descriptor)) return Redirect(CarrierPages.Home(descriptor));
        Descriptor = descriptor;
        Removed = removed;
        Breadcrumbs(("Settings", "/settings"), ("Carrier Settings", "/settings/carriers"), ($"{descriptor.ShortName} Settings", null));
        Accounts = await db.ActiveOf(MerchantId, descriptor.Code).AsNoTracking().OrderBy(a => a.Nickname).ToListAsync(cancellationToken);
        return Page();
    }
}
