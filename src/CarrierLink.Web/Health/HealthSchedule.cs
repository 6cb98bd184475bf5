using CarrierLink.Web.Data;

namespace CarrierLink.Web.Health;

/// <summary>What the schedule needs to know of an account and its credentials (no secrets).</summary>
public sealed record AccountFacts(
    ConnectionState State,
    bool RenewsByRefreshToken,
    DateTime? AccessTokenExpiresAt,
    DateTime? GrantExpiresAt,
    DateTime? LastSuccessAt,
    DateTime? LastCheckedAt,
    DateTime StateChangedAt,
    int? ExpiryWarnedDays);

/// <summary>When an account is next due, and why.</summary>
public sealed record Due(DateTime At, string Reason);

/// <summary>
/// The engine's decisions about time, as one pure function: renew an OAuth token ahead of its expiry,
/// probe an idle account, warn before a grant's hard expiry, re-check a broken or suspended account
/// slowly. Jitter spreads accounts connected together so they are not all due together.
/// </summary>
public static class HealthSchedule
{
    public static Due? Next(AccountFacts facts, DateTime now, HealthOptions options, TimeSpan renewAhead, Random random)
    {
        switch (facts.State)
        {
            case ConnectionState.Pending or ConnectionState.Disconnected:
                return null;
            case ConnectionState.NeedsReconnect or ConnectionState.SupportRequired:
                return new Due(Later(facts.LastCheckedAt ?? facts.StateChangedAt, TimeSpan.FromMinutes(options.RecheckBrokenMinutes), options, random, now), DueReasons.Recheck);
            case ConnectionState.Suspended:
                return new Due(Later(facts.LastCheckedAt ?? facts.StateChangedAt, TimeSpan.FromMinutes(options.RecheckSuspendedMinutes), options, random, now), DueReasons.Recheck);
        }

        var candidates = new List<Due>();
        if (facts.RenewsByRefreshToken && facts.AccessTokenExpiresAt is { } expires)
        {
            // Note: jitter moves a renewal later inside the renew-ahead window, never before it: the token layer renews ahead only
            // within that window (RenewalKind.Ahead), so a check due before it renewed nothing and came back at once.
            var ahead = renewAhead - TimeSpan.FromTicks((long)(renewAhead.Ticks * options.Jitter * random.NextDouble()));
            candidates.Add(new Due(Max(expires - ahead, now), DueReasons.RefreshAhead));
        }
        var lastSeen = Latest(facts.LastSuccessAt, facts.LastCheckedAt, facts.StateChangedAt);
        candidates.Add(new Due(Later(lastSeen, TimeSpan.FromMinutes(options.ProbeIntervalMinutes), options, random, now), DueReasons.IdleProbe));
        if (NextWarning(facts, options) is { } days && facts.GrantExpiresAt is { } grantEnds)
            candidates.Add(new Due(Max(grantEnds.AddDays(-days), now), DueReasons.ExpiryWarning));
        return candidates.MinBy(c => c.At);
    }

    /// <summary>The next "days before the grant ends" warning not yet written, if the grant has a hard expiry.</summary>
    public static int? NextWarning(AccountFacts facts, HealthOptions options)
    {
        if (facts.GrantExpiresAt is null) return null;
        foreach (var days in options.ExpiryWarningDays.OrderDescending())
            if (facts.ExpiryWarnedDays is null || days < facts.ExpiryWarnedDays) return days;
        return null;
    }

    /// <summary>The wait after the n-th transient failure in a row: doubling, capped, jittered.</summary>
    public static TimeSpan Backoff(int failures, HealthOptions options, Random random)
    {
        var seconds = Math.Min(options.TroubleBackoffSeconds * Math.Pow(2, Math.Max(0, failures - 1)), options.TroubleBackoffMaxMinutes * 60.0);
        return TimeSpan.FromSeconds(seconds * (1 - options.Jitter * random.NextDouble()));
    }

    private static DateTime Later(DateTime from, TimeSpan interval, HealthOptions options, Random random, DateTime now)
    {
        var jittered = interval - TimeSpan.FromTicks((long)(interval.Ticks * options.Jitter * random.NextDouble()));
        return Max(from + jittered, now);
    }

    private static DateTime Latest(params DateTime?[] times) => times.Where(t => t is not null).Select(t => t!.Value).Max();

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;
}
