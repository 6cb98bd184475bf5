using CarrierLink.Web.Data;
using CarrierLink.Web.Pages.Ship;
using CarrierLink.Web.Shipping;
using Microsoft.AspNetCore.Mvc;

namespace CarrierLink.Web.Pages.Settings.ShipFrom;

/// <summary>Changing one ship-from address (labels already bought keep the address they were bought with).</summary>
public sealed class EditModel(CarrierLinkDb db) : MerchantPageModel
{
    public ShipFromAddress Address { get; private set; } = null!;
    public AddressForm Form { get; private set; } = new();
    public FieldErrors Errors { get; private set; } = FieldErrors.None;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await ShipFromBook.FindAsync(db, MerchantId, id, cancellationToken) is not { } address) return NotFound();
        (Address, Form) = (address, AddressForm.Of(address));
        Breadcrumbs(("Settings", "/settings"), ("Ship-from addresses", "/settings/ship-from"), (address.Name, null));
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, [FromForm(Name = "address")] AddressForm form, bool makeDefault, CancellationToken cancellationToken)
    {
        if (await ShipFromBook.FindAsync(db, MerchantId, id, cancellationToken) is not { } saved) return NotFound();
        var errors = new InputErrors();
        if (errors.Address("address", form.ToInput()) is not { } address)
        {
            (Address, Form, Errors) = (saved, form, FieldErrors.From(errors, IndexModel.Words));
            Breadcrumbs(("Settings", "/settings"), ("Ship-from addresses", "/settings/ship-from"), (saved.Name, null));
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        ShipFromBook.Update(saved, address);
        if (makeDefault) await ShipFromBook.MakeDefaultAsync(db, MerchantId, saved, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        TempData["Saved"] = "Address saved.";
        return Redirect("/settings/ship-from");
    }
}
