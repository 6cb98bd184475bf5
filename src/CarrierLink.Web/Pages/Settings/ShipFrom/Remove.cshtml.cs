using CarrierLink.Web.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CarrierLink.Web.Pages.Settings.ShipFrom;

/// <summary>Removing a ship-from address, after saying what happens to the default and to labels already bought.</summary>
public sealed class RemoveModel(CarrierLinkDb db) : MerchantPageModel
{
    public ShipFromAddress Address { get; private set; } = null!;

    /// <summary>The address that becomes the default when this one, the default, goes.</summary>
    public ShipFromAddress? NextDefault { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await ShipFromBook.FindAsync(db, MerchantId, id, cancellationToken) is not { } address) return NotFound();
        Address = address;
        NextDefault = address.IsDefault
            ? await db.ShipFromAddresses.AsNoTracking().Where(a => a.MerchantId == MerchantId && a.Id != id).OrderBy(a => a.CreatedAt).FirstOrDefaultAsync(cancellationToken)
            : null;
        Breadcrumbs(("Settings", "/settings"), ("Ship-from addresses", "/settings/ship-from"), ("Remove", null));
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await ShipFromBook.FindAsync(db, MerchantId, id, cancellationToken) is not { } address) return NotFound();
        var newDefault = await ShipFromBook.RemoveAsync(db, MerchantId, address, cancellationToken);
        TempData["Saved"] = newDefault is null ? "Address removed." : $"Address removed. {ShipFromBook.OneLine(newDefault)} is now your default.";
        return Redirect("/settings/ship-from");
    }
}
