using System.ComponentModel.DataAnnotations;

namespace CarrierLink.Carriers.Usps;

/// <summary>
/// Where USPS lives and who we are to it. Production and the sandbox differ only here
/// (apis.usps.com and cop.usps.com against the local sandbox), never in code.
/// </summary>
public sealed class UspsOptions
{
    public const string Section = "Carriers:Usps";

    /// <summary>Base of the APIs v3 (token, revoke, prices, labels...), e.g. https://apis.usps.com.</summary>
    [Required] public Uri? ApiBaseUrl { get; set; }

    /// <summary>The Customer Onboarding Portal entry, e.g. https://cop.usps.com/cop-navigator.</summary>
    [Required] public Uri? ConsentUrl { get; set; }

    [Required] public string ClientId { get; set; } = "";

    [Required] public string ClientSecret { get; set; } = "";

    /// <summary>The name USPS shows the merchant on its consent page.</summary>
    public string PlatformName { get; set; } = "CarrierLink";

    /// <summary>The real portal documents no PKCE; the sandbox takes it, so it is a per-environment switch.</summary>
    public bool UsePkce { get; set; }

    [Range(1, 300)] public int TimeoutSeconds { get; set; } = 30;
}
