using System.ComponentModel.DataAnnotations;

namespace CarrierLink.Web.Notifications.Email;

public sealed class EmailNotificationOptions
{
    public const string Section = "Notifications:Email";

    /// <summary>The hour (UTC) at which a user who chose the daily digest gets the day's connection changes in one mail.</summary>
    [Range(0, 23)] public int DigestHourUtc { get; set; } = 7;

    /// <summary>The wait before trying a failed send again; it doubles with each failure up to <see cref="RetryMaxMinutes"/>.</summary>
    [Range(1, 3600)] public int RetryBaseSeconds { get; set; } = 60;

    [Range(1, 1440)] public int RetryMaxMinutes { get; set; } = 360;

    /// <summary>The digest's next sending time after <paramref name="at"/>: today at the hour if that is still ahead, else tomorrow.</summary>
    public DateTime NextDigestAfter(DateTime at)
    {
        var today = at.Date.AddHours(DigestHourUtc);
        return today > at ? today : today.AddDays(1);
    }

    /// <summary>When to try again after the <paramref name="attempts"/>th failed send: 1, 2, 4, 8... times the base wait, capped.</summary>
    public TimeSpan RetryDelay(int attempts)
    {
        var seconds = RetryBaseSeconds * Math.Pow(2, Math.Min(attempts - 1, 20));
        return TimeSpan.FromSeconds(Math.Min(seconds, RetryMaxMinutes * 60.0));
    }
}
