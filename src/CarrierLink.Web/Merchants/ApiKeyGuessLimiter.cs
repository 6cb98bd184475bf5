using System.Threading.RateLimiting;
using CarrierLink.Web.Users;
using Microsoft.Extensions.Options;

namespace CarrierLink.Web.Merchants;

/// <summary>
/// Wrong API keys per client IP (issue 13, finding 3), counted with the framework's rate limiter. Past the limit, keys
/// this node has not just checked are refused with 429 until the minute is over, without a database lookup; a key in
/// use by a busy integration (in <see cref="ApiKeyCache"/>) keeps working.
/// </summary>
public sealed class ApiKeyGuessLimiter(IOptions<SignInOptions> options) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _failures = PartitionedRateLimiter.Create<string, string>(ip =>
        RateLimitPartition.GetFixedWindowLimiter(ip, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = options.Value.FailedApiKeysPerIpPerMinute,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        }));

    public static readonly TimeSpan RetryAfter = TimeSpan.FromMinutes(1);

    public bool IsExhausted(string ip) => _failures.GetStatistics(ip)?.CurrentAvailablePermits == 0;

    /// <summary>Counts a wrong key; false when the IP has no wrong keys left this minute.</summary>
    public bool CountFailure(string ip)
    {
        using var lease = _failures.AttemptAcquire(ip);
        return lease.IsAcquired;
    }

    public void Dispose() => _failures.Dispose();
}
