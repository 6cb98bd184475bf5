using CarrierLink.Web.Data;

namespace CarrierLink.Tests.Support;

/// <summary>A merchant who has shipped before has a ship-from address (Settings > Ship-from addresses).</summary>
public static class ShipFrom
{
    public static Task SaveShipFromAsync(this TestMerchant merchant, string name = "Harbor Goods", string street = "123 Main St", string city = "New York", string state = "NY", string zip = "10001") =>
        merchant.Stack.WithDbAsync(async db =>
        {
            db.ShipFromAddresses.Add(new ShipFromAddress { MerchantId = merchant.Id, Name = name, Street1 = street, City = city, State = state, Zip = zip, IsDefault = true, CreatedAt = db.UtcNow });
            return await db.SaveChangesAsync();
        });
}
