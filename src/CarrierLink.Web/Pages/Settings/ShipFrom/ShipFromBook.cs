using CarrierLink.Carriers.Shipping;
using CarrierLink.Web.Data;
using CarrierLink.Web.Shipping;
using Microsoft.EntityFrameworkCore;

namespace CarrierLink.Web.Pages.Settings.ShipFrom;

/// <summary>A merchant's ship-from addresses: the default first, then the others as they were added.</summary>
public static class ShipFromBook
{
    public static Task<List<ShipFromAddress>> ListAsync(CarrierLinkDb db, Guid merchantId, CancellationToken cancellationToken) =>
        db.ShipFromAddresses.AsNoTracking().Where(a => a.MerchantId == merchantId)
            .OrderByDescending(a => a.IsDefault).ThenBy(a => a.CreatedAt).ToListAsync(cancellationToken);

    public static Task<ShipFromAddress?> FindAsync(CarrierLinkDb db, Guid merchantId, Guid id, CancellationToken cancellationToken) =>
        db.ShipFromAddresses.FirstOrDefaultAsync(a => a.MerchantId == merchantId && a.Id == id, cancellationToken);

    /// <summary>Adds an address; the merchant's first one, or one asked to be, becomes the default.</summary>
    public static async Task<ShipFromAddress> AddAsync(CarrierLinkDb db, Guid merchantId, ShippingAddress address, bool makeDefault, CancellationToken cancellationToken)
    {
        var first = !await db.ShipFromAddresses.AnyAsync(a => a.MerchantId == merchantId, cancellationToken);
        var saved = new ShipFromAddress
        {
            MerchantId = merchantId, Name = address.Name, Company = address.Company, Street1 = address.Street1, Street2 = address.Street2,
            City = address.City, State = address.State, Zip = address.Zip, Phone = address.Phone, CreatedAt = db.UtcNow,
        };
        db.ShipFromAddresses.Add(saved);
        if (first || makeDefault) await MakeDefaultAsync(db, merchantId, saved, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return saved;
    }

    public static void Update(ShipFromAddress saved, ShippingAddress address)
    {
        (saved.Name, saved.Company, saved.Street1, saved.Street2) = (address.Name, address.Company, address.Street1, address.Street2);
        (saved.City, saved.State, saved.Zip, saved.Phone) = (address.City, address.State, address.Zip, address.Phone);
    }

    /// <summary>One default per merchant: the others stop being it.</summary>
    public static async Task MakeDefaultAsync(CarrierLinkDb db, Guid merchantId, ShipFromAddress chosen, CancellationToken cancellationToken)
    {
        foreach (var other in await db.ShipFromAddresses.Where(a => a.MerchantId == merchantId && a.IsDefault && a.Id != chosen.Id).ToListAsync(cancellationToken))
            other.IsDefault = false;
        chosen.IsDefault = true;
    }

    /// <summary>
    /// Removes an address; labels already bought keep the address they were bought with. When it was the default,
    /// the oldest remaining one becomes the default, so new labels always have a sender once one exists.
    /// </summary>
    public static async Task<ShipFromAddress?> RemoveAsync(CarrierLinkDb db, Guid merchantId, ShipFromAddress address, CancellationToken cancellationToken)
    {
        db.ShipFromAddresses.Remove(address);
        ShipFromAddress? newDefault = null;
        if (address.IsDefault)
        {
            newDefault = await db.ShipFromAddresses.Where(a => a.MerchantId == merchantId && a.Id != address.Id).OrderBy(a => a.CreatedAt).FirstOrDefaultAsync(cancellationToken);
            if (newDefault is not null) newDefault.IsDefault = true;
        }
        await db.SaveChangesAsync(cancellationToken);
        return newDefault;
    }

    public static ShippingAddress ToShipping(ShipFromAddress a) => new(a.Name, a.Company, a.Street1, a.Street2, a.City, a.State, a.Zip, "US", a.Phone);

    public static AddressInput ToInput(ShipFromAddress a) => new(a.Name, a.Company, a.Street1, a.Street2, a.City, a.State, a.Zip, "US", a.Phone);

    /// <summary>One line, as on an envelope: "Harbor Goods, 123 Main St, New York, NY 10001".</summary>
    public static string OneLine(ShipFromAddress a) =>
        string.Join(", ", new[] { a.Company is null ? a.Name : $"{a.Name} ({a.Company})", a.Street1, a.Street2, a.City }.Where(p => !string.IsNullOrEmpty(p))) + $", {a.State} {a.Zip}";
}

/// <summary>The address form's fields as posted (Settings > Ship-from addresses, and the Ship screen's first label).</summary>
public sealed class AddressForm
{
    public string? Name { get; set; }
    public string? Company { get; set; }
    public string? Street { get; set; }
    public string? Street2 { get; set; }
    public string? City { get; set; }
    public string? State { get; set; }
    public string? Zip { get; set; }
    public string? Phone { get; set; }

    public AddressInput ToInput() => new(Name, Company, Street, Street2, City, State, Zip, "US", Phone);

    public static AddressForm Of(ShipFromAddress a) => new()
    {
        Name = a.Name, Company = a.Company, Street = a.Street1, Street2 = a.Street2, City = a.City, State = a.State, Zip = a.Zip, Phone = a.Phone,
    };
}
