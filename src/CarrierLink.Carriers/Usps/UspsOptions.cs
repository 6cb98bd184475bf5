using CarrierLink.Carriers.Catalog;

namespace CarrierLink.Carriers.Usps;

/// <summary>
/// Where USPS lives and who we are to it. Production and the sandbox differ only here
/// (apis.usps.com and cop.usps.com against the local sandbox), never in code. The OAuth side is
/// data too (endpoints, scopes, client authentication, PKCE), so a standards OAuth 2.0 server can
/// stand in for USPS's by configuration alone.
/// </summary>
public sealed class UspsOptions
{
    public const string Section = "Carriers:Usps";

    /// <summary>Base of the APIs v3 (prices, labels, payments...), e.g. https://apis.usps.com.</summary>
    public Uri? ApiBaseUrl { get; set; }

    /// <summary>The Customer Onboarding Portal entry, e.g. https://cop.usps.com/cop-navigator.</summary>
    public Uri? ConsentUrl { get; set; }

    /// <summary>The token endpoint; unset means USPS's own, ApiBaseUrl + oauth2/v3/token.</summary>
    public Uri? TokenUrl { get; set; }

    /// <summary>The revocation endpoint (RFC 7009); unset means USPS's own, ApiBaseUrl + oauth2/v3/revoke.</summary>
    public Uri? RevokeUrl { get; set; }

    public string ClientId { get; set; } = "";

    public string ClientSecret { get; set; } = "";

    /// <summary>The name USPS shows the merchant on its consent page.</summary>
    public string PlatformName { get; set; } = "CarrierLink";

    /// <summary>
    /// Space-separated scopes asked for on the consent request: the USPS products CarrierLink calls.
    /// Empty sends no scope (the server's default grant).
    /// </summary>
    public string Scopes { get; set; } = "prices labels payments pickup scan-forms";

    /// <summary>
    /// How the token endpoint learns who CarrierLink is: "post" (client_id and client_secret in the
    /// form body, as USPS's token schema requires) or "basic" (HTTP Basic, RFC 6749 2.3.1).
    /// </summary>
    public string ClientAuthentication { get; set; } = ClientAuthentications.Post;

    /// <summary>The same for the revocation endpoint: USPS documents Basic there and its revoke schema takes no client fields.</summary>
    public string RevokeClientAuthentication { get; set; } = ClientAuthentications.Basic;

    /// <summary>
    /// Send PKCE (RFC 7636 S256). Unset follows the carrier catalogue (<see cref="CarrierDescriptor.AcceptsPkce"/>: off,
    /// as USPS publishes no PKCE); set, it overrides the catalogue for this environment (on for a server that takes it).
    /// </summary>
    public bool? UsePkce { get; set; }

    /// <summary>How long one call may take, answer included (CarrierTimeout: on the injected TimeProvider).</summary>
    public int TimeoutSeconds { get; set; } = 30;

    public Uri ResolvedTokenUrl => TokenUrl ?? new Uri(ApiBaseUrl!, "oauth2/v3/token");

    public Uri ResolvedRevokeUrl => RevokeUrl ?? new Uri(ApiBaseUrl!, "oauth2/v3/revoke");

    public bool ResolvedUsePkce => UsePkce ?? CarrierCatalog.Find(CarrierCodes.Usps)!.AcceptsPkce;
}

/// <summary>The client authentication methods of RFC 6749 2.3.1 CarrierLink speaks.</summary>
public static class ClientAuthentications
{
    public const string Post = "post";
    public const string Basic = "basic";
}
