using CarrierLink.Carriers.OAuth;
using CarrierLink.Carriers.Shipping;

namespace CarrierLink.Carriers.Catalog;

/// <summary>
/// How a merchant connects an account: the carrier's sign-in page (OAuth redirect), a username and password kept by
/// CarrierLink, registering the account under the platform's keys (the carrier issues a child key), or a password
/// connection only Customer Service may reconnect.
/// </summary>
public enum ConnectMethod { OAuth, Password, SupportOnly, Registration }

/// <summary>Who can bring a broken connection back.</summary>
public enum Reconnector { Merchant, Support }

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

    /// <summary>A support-only connection breaks to support_required: a merchant's Reconnect cannot fix it.</summary>
    public Reconnector ReconnectedBy => ConnectMethod == ConnectMethod.SupportOnly ? Reconnector.Support : Reconnector.Merchant;

    /// <summary>Where this deployment's settings for the carrier live (base URL, client id and secret, timeouts).</summary>
    public string SettingsSection { get; init; } = "";

    /// <summary>The carrier's published hosts, its token lifetimes and how it authenticates the platform (see <see cref="CarrierProtocol"/>).</summary>
    public CarrierProtocol? Protocol { get; init; }

    /// <summary>Whether the carrier publishes a way to end a grant (USPS's revoke endpoint); UPS publishes none.</summary>
    public bool CanRevokeGrants => Protocol?.Endpoints.ContainsKey("revoke") ?? false;

    /// <summary>Why an operation the carrier does not have is missing, in words for the merchant (UPS: no End of Day form).</summary>
    public IReadOnlyDictionary<string, string> MissingOperations { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Whether the carrier's published authorization server takes PKCE (RFC 7636 S256: code_challenge on its consent
    /// page, code_verifier at its token endpoint). CarrierLink sends it wherever the carrier takes it, confidential
    /// client or not (RFC 9700 2.1.1); an environment may override it (USPS: Carriers:Usps:UsePkce).
    /// </summary>
    public bool AcceptsPkce { get; init; }

    /// <summary>What the carrier calls the account's id, in its own words ("CRID", "UPS account", "Stamps.com username").</summary>
    public string AccountNumberName { get; init; } = "Account";

    /// <summary>What the carrier calls a second id, where it has one (USPS: MID).</summary>
    public string? SubAccountName { get; init; }

    /// <summary>Who physically carries the parcels, for wording such as "UPS picks up at ...".</summary>
    public string Hauler { get; init; } = ShortName;

    public bool Offers(string operation) => Operations.Contains(operation);

    /// <summary>Account numbers the merchant enters when the carrier's sign-in does not name them (see <see cref="AccountDetailFields"/>).</summary>
    public IReadOnlyList<AccountDetailField> AccountDetails { get; init; } = [];

    /// <summary>
    /// The carrier's sign-in never names the account (UPS), so the merchant gives <see cref="AccountDetails"/> when adding
    /// it, and after each sign-in the carrier confirms the login may use them (the same-account check).
    /// </summary>
    public bool AccountDetailsBeforeSignIn { get; init; }

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

    /// <summary>FedEx's serviceType codes for the domestic services CarrierLink offers, cheapest first.</summary>
    public static readonly IReadOnlyList<CarrierService> FedEx =
    [
        new("FEDEX_GROUND", "FedEx Ground"),
        new("FEDEX_2_DAY", "FedEx 2Day"),
        new("STANDARD_OVERNIGHT", "FedEx Standard Overnight"),
        new("PRIORITY_OVERNIGHT", "FedEx Priority Overnight"),
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

    // Note: static fields initialize in order, so everything All reads is declared above it.
    private static readonly IReadOnlyDictionary<string, string> NoEndOfDayAtUps = new Dictionary<string, string>
    {
        [ShippingOperations.EndOfDay] = "UPS has no End of Day form: the driver scans each parcel at pickup, so there is nothing to print.",
    };

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
            SettingsSection = "Carriers:Usps",
            AccountNumberName = "CRID",
            SubAccountName = "MID",
            Protocol = CarrierProtocols.Usps,
        },
        // UPS's published OAuthAuthCode.yaml takes code_challenge on /authorize and code_verifier on /token.
        new(CarrierCodes.Ups, "UPS", "UPS", ConnectMethod.OAuth, WithoutEndOfDay, CarrierServiceLists.Ups)
        {
            AcceptsPkce = true,
            // UPS's token names no account: the merchant gives the shipper number, and the carrier confirms the login may use it.
            AccountDetails = AccountDetailFields.Ups,
            AccountDetailsBeforeSignIn = true,
            OperationsNeedingAccountDetails = [ShippingOperations.Rates, ShippingOperations.Labels, ShippingOperations.Void, ShippingOperations.Pickups],
            MissingOperations = NoEndOfDayAtUps,
            SettingsSection = "Carriers:Ups",
            AccountNumberName = "UPS account",
            Protocol = CarrierProtocols.Ups,
        },
        new(CarrierCodes.FedEx, "FedEx", "FedEx", ConnectMethod.Registration, ShippingOperations.All, CarrierServiceLists.FedEx)
        {
            SettingsSection = "Carriers:FedEx",
            AccountNumberName = "FedEx account",
            Protocol = CarrierProtocols.FedEx,
        },
        new(CarrierCodes.Stamps, "One Balance (Stamps.com)", "One Balance", ConnectMethod.Password, ShippingOperations.All, CarrierServiceLists.UspsThroughStamps)
        {
            Hauler = "USPS",
            SettingsSection = "Carriers:Stamps",
            AccountNumberName = "Stamps.com username",
            Protocol = CarrierProtocols.Stamps,
        },
        new(CarrierCodes.UpsOneBalance, "UPS One Balance", "UPS One Balance", ConnectMethod.SupportOnly, WithoutEndOfDay, CarrierServiceLists.UpsThroughStamps)
        {
            Hauler = "UPS",
            MissingOperations = NoEndOfDayAtUps,
            SettingsSection = "Carriers:Stamps",
            AccountNumberName = "Stamps.com username",
            Protocol = CarrierProtocols.Stamps,
        },
    ];

    public static CarrierDescriptor? Find(string? code) =>
        All.FirstOrDefault(c => string.Equals(c.Code, code, StringComparison.OrdinalIgnoreCase));

    /// <summary>The descriptor of a stored account's carrier; every stored code is in the catalogue.</summary>
    public static CarrierDescriptor Get(string code) =>
        Find(code) ?? throw new InvalidOperationException($"The carrier catalogue has no carrier '{code}'.");
}
