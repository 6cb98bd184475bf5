using CarrierLink.Carriers.Shipping;

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

/// <summary>How the health engine proves an idle account's credentials still work, as cheaply as the carrier allows.</summary>
public enum ProbeCall
{
    /// <summary>Refresh the grant. Note: USPS access tokens stay valid until they expire even after a revocation, so only a refresh tells.</summary>
    Refresh,
    /// <summary>Sign in again with the stored password (One Balance: a password changed elsewhere fails here).</summary>
    SignIn,
}

public sealed record CarrierDescriptor(
    string Code,
    string Name,
    string ShortName,
    ConnectMethod ConnectMethod,
    IReadOnlyList<string> Operations)
{
    public ProbeCall Probe => ConnectMethod == ConnectMethod.OAuth ? ProbeCall.Refresh : ProbeCall.SignIn;

    /// <summary>
    /// The cheapest authenticated call, used to re-check a suspended or broken account after its
    /// credentials renewed (a suspension shows on API calls, not on token renewal): one read-only quote.
    /// </summary>
    public RatesRequest AccessCheck { get; init; } = new("10001", "90210", 16m, null, null, null, "USPS_GROUND_ADVANTAGE");
}

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
