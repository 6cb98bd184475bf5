using System.ComponentModel.DataAnnotations;

namespace CarrierLink.Web.Users;

/// <summary>Limits on guessing passwords and API keys (issue 13, finding 3; ASVS 4 V2.2.1).</summary>
public sealed class SignInOptions
{
    public const string Section = "Security:SignIn";

    /// <summary>
    /// Sign-in attempts (password, second factor, password reset) one client IP may make per minute on one node.
    /// Behind a load balancer each node counts its own, and the client IP must come through (docs/security.md).
    /// </summary>
    [Range(1, 100_000)] public int AttemptsPerIpPerMinute { get; set; } = 10;

    /// <summary>Wrong API keys one client IP may send per minute on one node before its unknown keys are refused (429).</summary>
    [Range(1, 1_000_000)] public int FailedApiKeysPerIpPerMinute { get; set; } = 20;

    /// <summary>Wrong passwords in a row for one email before attempts for it have to wait.</summary>
    [Range(1, 100)] public int FreeFailures { get; set; } = 5;

    /// <summary>The first wait; each further wrong password doubles it, up to <see cref="MaxWaitMinutes"/>.</summary>
    [Range(1, 3600)] public int FirstWaitSeconds { get; set; } = 30;

    [Range(1, 24 * 60)] public int MaxWaitMinutes { get; set; } = 15;

    public TimeSpan WaitAfter(int failures)
    {
        var doublings = Math.Min(failures - FreeFailures, 20);
        var wait = TimeSpan.FromSeconds(FirstWaitSeconds * Math.Pow(2, doublings));
        var max = TimeSpan.FromMinutes(MaxWaitMinutes);
        return wait < max ? wait : max;
    }
}
