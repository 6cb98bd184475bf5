using System.ComponentModel.DataAnnotations;

namespace CarrierLink.Web.Users;

/// <summary>Page sessions (ASVS 4 V3.3.2, level 2: re-authenticate after 12 hours, or after 30 minutes idle).</summary>
public sealed class SessionOptions
{
    public const string Section = "Security:Sessions";

    /// <summary>A session nobody used for this long is over.</summary>
    [Range(1, 24 * 60)] public int IdleMinutes { get; set; } = 30;

    /// <summary>However busy, a session ends this long after sign-in and the person signs in again.</summary>
    [Range(1, 24 * 30)] public int AbsoluteHours { get; set; } = 12;

    public TimeSpan Idle => TimeSpan.FromMinutes(IdleMinutes);
    public TimeSpan Absolute => TimeSpan.FromHours(AbsoluteHours);
}
