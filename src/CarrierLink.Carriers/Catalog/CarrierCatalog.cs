namespace CarrierLink.Carriers.Catalog;

public enum ConnectMethod { OAuth, Password, SupportOnly, ApiKey }

public static class CarrierCodes
{
    public const string Usps = "usps";
    public const string Ups = "ups";
    public const string FedEx = "fedex";
    public const string Stamps = "stamps";
    public const string UpsOneBalance = "ups_one_balance";
}

public static class ShippingOperations
{
    public const string Rates = "rates";
    public const string Labels = "labels";
    public const string Void = "void";
    public const string EndOfDay = "end_of_day";
    public const string Pickups = "pickups";

    public static readonly IReadOnlyList<string> All = [Rates, Labels, Void, EndOfDay, Pickups];
}

public sealed record CarrierDescriptor(
    string Code,
    string Name,
    string ShortName,
    ConnectMethod ConnectMethod,
    IReadOnlyList<string> Operations);

/// <summary>The carriers CarrierLink knows, kept as data so pages, API and clients read one list.</summary>
public static class CarrierCatalog
{
    public static readonly IReadOnlyList<CarrierDescriptor> All =
    [
        new(CarrierCodes.Usps, "USPS", "USPS", ConnectMethod.OAuth, ShippingOperations.All),
        new(CarrierCodes.Ups, "UPS", "UPS", ConnectMethod.OAuth, ShippingOperations.All),
        new(CarrierCodes.FedEx, "FedEx", "FedEx", ConnectMethod.ApiKey, ShippingOperations.All),
        new(CarrierCodes.Stamps, "One Balance (Stamps.com)", "One Balance", ConnectMethod.Password, ShippingOperations.All),
        new(CarrierCodes.UpsOneBalance, "UPS One Balance", "UPS One Balance", ConnectMethod.SupportOnly, ShippingOperations.All),
    ];

    public static CarrierDescriptor? Find(string? code) =>
        All.FirstOrDefault(c => string.Equals(c.Code, code, StringComparison.OrdinalIgnoreCase));
}
