using System.Globalization;
using System.Net.Http.Headers;

namespace CarrierLink.Web.Notifications.Webhooks;

/// <summary>
/// When a failed delivery is tried again: Standard Webhooks' example schedule (immediately, then 5 s, 5 min, 30 min,
/// 2 h, 5 h, 10 h, 14 h, 20 h and 24 h: ten attempts over about three days), each wait moved by up to a fifth either
/// way so that receivers that failed together are not all retried in the same second. A Retry-After longer than the
/// planned wait is honoured, up to a day.
/// </summary>
public static class WebhookRetrySchedule
{
    public static IReadOnlyList<TimeSpan> Waits { get; } =
    [
        TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(5),
        TimeSpan.FromHours(10), TimeSpan.FromHours(14), TimeSpan.FromHours(20), TimeSpan.FromHours(24),
    ];

    public static int MaxAttempts => Waits.Count + 1;

    public const double Jitter = 0.2;

    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromHours(24);

    /// <summary>
    /// The wait after the <paramref name="attemptsMade"/>th failed attempt of a schedule; null once the schedule is spent.
    /// <paramref name="scale"/> shrinks the planned waits for tests and benchmarks (<see cref="WebhookOptions.RetryScheduleScale"/>).
    /// </summary>
    public static TimeSpan? NextWait(int attemptsMade, TimeSpan? retryAfter, Random random, double scale = 1)
    {
        if (attemptsMade >= MaxAttempts) return null;
        var planned = Waits[Math.Max(attemptsMade, 1) - 1] * scale;
        var wait = planned * (1 + (random.NextDouble() * 2 - 1) * Jitter);
        return retryAfter is { } asked && asked > wait ? (asked < MaxRetryAfter ? asked : MaxRetryAfter) : wait;
    }

    /// <summary>The answer's Retry-After, as seconds or as a date (RFC 9110 section 10.2.3).</summary>
    public static TimeSpan? RetryAfter(HttpResponseHeaders headers, DateTimeOffset now)
    {
        if (headers.RetryAfter is { } value)
        {
            if (value.Delta is { } delta) return delta > TimeSpan.Zero ? delta : null;
            if (value.Date is { } date) return date > now ? date - now : null;
        }
        // Note: a value the typed header could not parse (a fraction, say) is read by hand rather than ignored.
        return headers.TryGetValues("Retry-After", out var raw)
            && double.TryParse(raw.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(Math.Min(seconds, MaxRetryAfter.TotalSeconds))
            : null;
    }
}
