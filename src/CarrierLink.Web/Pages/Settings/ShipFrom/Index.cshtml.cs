using CarrierLink.Web.Data;
using CarrierLink.Web.Pages.Ship;
using CarrierLink.Web.Shipping;
using Microsoft.AspNetCore.Mvc;

namespace CarrierLink.Web.Pages.Settings.ShipFrom;

/// <summary>Settings > Ship-from addresses: where labels say parcels come from and pickups come to; one is the default.</summary>
public sealed class IndexModel(CarrierLinkDb db) : MerchantPageModel
{
    public static IReadOnlyList<FieldWords> Words { get; } = AddressWords.For("address", "address", "the");

    public IReadOnlyList<ShipFromAddress> Addresses { get; private set; } = [];
    public AddressForm Form { get; private set; } = new();
    public bool MakeDefault { get; private set; }
    public FieldErrors Errors { get; private set; } = FieldErrors.None;
    [TempData] public string? Saved { get; set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Breadcrumbs(("Settings", "/settings"), ("Ship-from addresses", null));
        Addresses = await ShipFromBook.ListAsync(db, MerchantId, cancellationToken);
    }

    public async Task<IActionResult> OnPostAddAsync([FromForm(Name = "address")] AddressForm form, bool makeDefault, CancellationToken cancellationToken)
    {
        var errors = new InputErrors();
        if (errors.Address("address", form.ToInput()) is not { } address)
        {
            (Form, MakeDefault, Errors) = (form, makeDefault, FieldErrors.From(errors, Words));
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await OnGetAsync(cancellationToken);
            return Page();
        }
        await ShipFromBook.AddAsync(db, MerchantId, address, makeDefault, cancellationToken);
        Saved = "Address saved.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDefaultAsync(Guid id, CancellationToken cancellationToken)
    {
        if (await ShipFromBook.FindAsync(db, MerchantId, id, cancellationToken) is not { } chosen) return NotFound();
        await ShipFromBook.MakeDefaultAsync(db, MerchantId, chosen, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        Saved = $"Labels now ship from {chosen.Name} unless you choose another address.";
        return RedirectToPage();
    }
}
