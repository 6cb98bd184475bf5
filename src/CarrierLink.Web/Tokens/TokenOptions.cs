using System.ComponentModel.DataAnnotations;

namespace CarrierLink.Web.Tokens;

public sealed class TokenOptions
{
    public const string Section = "Tokens";

    /// <summary>Refresh an access token this long before it expires, so no call races its expiry.</summary>
    [Range(0, 3600)] public int RefreshMarginSeconds { get; set; } = 300;

    /// <summary>The health engine renews an access token this long before it expires, well before operations would.</summary>
    [Range(60, 86400)] public int RenewAheadSeconds { get; set; } = 1800;

    /// <summary>How long a caller waits for a shared refresh (its own or another node's) before answering "try again".</summary>
    [Range(1, 300)] public int RefreshTimeoutSeconds { get; set; } = 45;

    /// <summary>
    /// How long one node may hold an account's refresh before another may take over. It must outlast a
    /// database blip: the holder keeps retrying to store rotated tokens until the lease ends.
    /// </summary>
    [Range(5, 3600)] public int RefreshLeaseSeconds { get; set; } = 120;

    /// <summary>How often a node waiting on another node's refresh looks for the result.</summary>
    [Range(10, 5000)] public int LeasePollMilliseconds { get; set; } = 100;

    /// <summary>At most this many access tokens are kept in memory per node (least recently used go first).</summary>
    [Range(100, 10_000_000)] public int CacheSize { get; set; } = 100_000;
}
