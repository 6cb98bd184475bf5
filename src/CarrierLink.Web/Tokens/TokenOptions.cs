using System.ComponentModel.DataAnnotations;

namespace CarrierLink.Web.Tokens;

public sealed class TokenOptions
{
    public const string Section = "Tokens";

    /// <summary>Refresh an access token this long before it expires, so no call races its expiry.</summary>
    [Range(0, 3600)] public int RefreshMarginSeconds { get; set; } = 300;

    /// <summary>How long a shared refresh may take before its waiters give up (the carrier call has its own timeout).</summary>
    [Range(1, 300)] public int RefreshTimeoutSeconds { get; set; } = 45;
}
