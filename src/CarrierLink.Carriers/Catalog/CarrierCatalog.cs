using CarrierLink.Carriers.OAuth;
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

/// <summary>
/// A service a carrier account can buy: the code sent as <c>mail_class</c> and the name a merchant reads.
/// <paramref name="Aliases"/> are other codes accepted for the same service (SERA's own service names).
/// </summary>
public sealed record CarrierService(string Code, string Name, IReadOnlyList<string>? Aliases = null)
{
    public bool Matches(string? code) =>
        code is not null && (string.Equals(Code, code, StringComparison.OrdinalIgnoreCase)
            || (Aliases?.Any(a => string.Equals(a, code, StringComparison.OrdinalIgnoreCase)) ?? false));
}

public sealed record CarrierDescriptor(
    string Code,
    string Name,
    string ShortName,
    ConnectMethod ConnectMethod,
    IReadOnlyList<string> Operations,
    IReadOnlyList<CarrierService> Services)
{
    public ProbeCall Probe => ConnectMethod == ConnectMethod.OAuth ? ProbeCall.Refresh : ProbeCall.SignIn;

    /// <summary>
    /// Whether the carrier's published authorization server takes PKCE (RFC 7636 S256: code_challenge on its consent
    /// page, code_verifier at its token endpoint). CarrierLink sends it wherever the carrier takes it, confidential
    /// client or not (RFC 9700 2.1.1); an environment may override it (USPS: Carriers:Usps:UsePkce).
    /// </summary>
    public bool AcceptsPkce { get; init; }

    /// <summary>Who physically carries the parcels, for wording such as "UPS picks up at ...".</summary>
    public string Hauler { get; init; } = ShortName;

    public bool Offers(string operation) => Operations.Contains(operation);

    /// <summary>Account numbers the merchant enters when the carrier's sign-in does not name them (see <see cref="AccountDetailFields"/>).</summary>
    public IReadOnlyList<AccountDetailField> AccountDetails { get; init; } = [];

    /// <summary>The operations that cannot run without <see cref="AccountDetails"/> (USPS: those that pay or refund).</summary>
    public IReadOnlyList<string> OperationsNeedingAccountDetails { get; init; } = [];

    public bool MissingAccountDetails(CarrierAccountIdentity? identity) =>
        AccountDetails.Any(f => f.Required && string.IsNullOrEmpty(f.ValueIn(identity)));

    /// <summary>The service of <paramref name="code"/> (its code or an alias), or null when this carrier has none by that code.</summary>
    public CarrierService? Service(string? code) => Services.FirstOrDefault(s => s.Matches(code));

    /// <summary>The merchant-facing name of a stored or quoted service code; unknown codes read as themselves.</summary>
    public string ServiceName(string code) => Service(code)?.Name ?? code.Replace('_', ' ');

    /// <summary>
    /// The cheapest authenticated call, used to re-check a suspended or broken account after its
    /// credentials renewed (a suspension shows on API calls, not on token renewal): one read-only quote
    /// of the carrier's first (cheapest) service.
    /// </summary>
    public RatesRequest AccessCheck => new("10001", "90210", 16m, null, null, null, Services.Count > 0 ? Services[0].Code : null);
}

/// <summary>The services each carrier sells, by the codes its API takes and the names merchants know.</summary>
public static class CarrierServiceLists
{
    public static readonly IReadOnlyList<CarrierService> Usps =
    [
        new("USPS_GROUND_ADVANTAGE", "USPS Ground Advantage"),
        new("PRIORITY_MAIL", "Priority Mail"),
        new("PRIORITY_MAIL_EXPRESS", "Priority Mail Express"),
    ];

    /// <summary>UPS direct, by UPS's service codes (Rating and Shipping Service.Code), cheapest first.</summary>
    public static readonly IReadOnlyList<CarrierService> Ups =
    [
        new("03", "UPS Ground"),
        new("12", "UPS 3 Day Select"),
        new("02", "UPS 2nd Day Air"),
        new("01", "UPS Next Day Air"),
    ];

    /// <summary>USPS through Stamps.com: the USPS mail classes, and SERA's names for them (what its rates answer with).</summary>
    public static readonly IReadOnlyList<CarrierService> UspsThroughStamps =
    [
        new("USPS_GROUND_ADVANTAGE", "USPS Ground Advantage", ["usps_ground_advantage"]),
        new("PRIORITY_MAIL", "Priority Mail", ["usps_priority_mail"]),
        new("PRIORITY_MAIL_EXPRESS", "Priority Mail Express", ["usps_priority_mail_express"]),
    ];

    /// <summary>UPS through One Balance, by SERA's service names.</summary>
    public static readonly IReadOnlyList<CarrierService> UpsThroughStamps =
    [
        new("ups_ground", "UPS Ground"),
        new("ups_3_day_select", "UPS 3 Day Select"),
        new("ups_2nd_day_air", "UPS 2nd Day Air"),
        new("ups_next_day_air", "UPS Next Day Air"),
    ];
}

/// <summary>The carriers CarrierLink knows, kept as data so pages, API and clients read one list.</summary>
public static class CarrierCatalog
{
    /// <summary>End of Day forms are USPS SCAN forms: UPS has none (its driver scans parcels at pickup).</summary>
    private static readonly IReadOnlyList<string> WithoutEndOfDay = ShippingOperations.All.Where(o => o != ShippingOperations.EndOfDay).ToList();

    public static readonly IReadOnlyList<CarrierDescriptor> All =
    [
        new(CarrierCodes.Usps, "USPS", "USPS", ConnectMethod.OAuth, ShippingOperations.All, CarrierServiceLists.Usps)
        {
            // Labels and voids carry a payment authorization naming the label owner and the payer.
            AccountDetails = AccountDetailFields.Usps,
            OperationsNeedingAccountDetails = [ShippingOperations.Labels, ShippingOperations.Void],
            // Note: USPS's published token schema (OAuth 2.0 3.1.4) has no code_verifier and allows no field it does not
            // name (additionalProperties: false), and its consent page documents no code_challenge: PKCE stays off until
            // USPS publishes it. Carriers:Usps:UsePkce=true turns it on for an authorization server that takes it.
            AcceptsPkce = false,
        },
        // UPS's published OAuthAuthCode.yaml takes code_challenge on /authorize and code_verifier on /token.
        new(CarrierCodes.Ups, "UPS", "UPS", ConnectMethod.OAuth, WithoutEndOfDay, []) { AcceptsPkce = true },
        new(CarrierCodes.FedEx, "FedEx", "FedEx", ConnectMethod.ApiKey, ShippingOperations.All, []),
        new(CarrierCodes.Stamps, "One Balance (Stamps.com)", "One Balance", ConnectMethod.Password, ShippingOperations.All, CarrierServiceLists.UspsThroughStamps) { Hauler = "USPS" },
        new(CarrierCodes.UpsOneBalance, "UPS One Balance", "UPS One Balance", ConnectMethod.SupportOnly, WithoutEndOfDay, CarrierServiceLists.UpsThroughStamps) { Hauler = "UPS" },
    ];

    public static CarrierDescriptor? Find(string? code) =>
        All.FirstOrDefault(c => string.Equals(c.Code, code, StringComparison.OrdinalIgnoreCase));
}
