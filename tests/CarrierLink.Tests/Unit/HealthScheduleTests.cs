using CarrierLink.Web.Data;
using CarrierLink.Web.Health;
using Shouldly;

namespace CarrierLink.Tests.Unit;

/// <summary>The health engine's decisions about time: what is due, when, and why.</summary>
public sealed class HealthScheduleTests
{
    private static readonly DateTime Now = new(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan RenewAhead = TimeSpan.FromMinutes(30);

    /// <summary>No jitter, so every time is exact: probe hourly, re-check suspended hourly and broken every 6 hours, warn 3 and 1 days ahead.</summary>
    private static HealthOptions Exact() => new()
    {
        Jitter = 0,
        ProbeIntervalMinutes = 60,
        RecheckSuspendedMinutes = 60,
        RecheckBrokenMinutes = 360,
        ExpiryWarningDays = [3, 1],
        TroubleBackoffSeconds = 60,
        TroubleBackoffMaxMinutes = 30,
    };

    /// <summary>A connected USPS account last used a minute ago, its access token good for 8 hours, its grant for 7 days.</summary>
    private static AccountFacts Usps(
        ConnectionState state = ConnectionState.Connected,
        TimeSpan? tokenLeft = null,
        TimeSpan? grantLeft = null,
        int? warnedDays = null,
        DateTime? lastSuccess = null,
        DateTime? lastChecked = null,
        DateTime? stateChanged = null) =>
        new(state, RenewsByRefreshToken: true,
            AccessTokenExpiresAt: Now + (tokenLeft ?? TimeSpan.FromHours(8)),
            GrantExpiresAt: Now + (grantLeft ?? TimeSpan.FromDays(7)),
            LastSuccessAt: lastSuccess ?? Now.AddMinutes(-1),
            LastCheckedAt: lastChecked,
            StateChangedAt: stateChanged ?? Now.AddDays(-1),
            ExpiryWarnedDays: warnedDays);

    private static Due? Next(AccountFacts facts, HealthOptions? options = null, int seed = 1) =>
        HealthSchedule.Next(facts, Now, options ?? Exact(), RenewAhead, new Random(seed));

    [Theory]
    [InlineData(ConnectionState.Pending)]
    [InlineData(ConnectionState.Disconnected)]
    public void Nothing_is_due_for_an_account_that_is_not_connected_yet_or_was_removed(ConnectionState state) =>
        Next(Usps(state)).ShouldBeNull();

    [Fact]
    public void A_connected_account_whose_access_token_ends_soon_is_due_to_renew_it_ahead_of_its_expiry()
    {
        var due = Next(Usps(tokenLeft: TimeSpan.FromMinutes(50)));

        due.ShouldBe(new Due(Now.AddMinutes(20), DueReasons.RefreshAhead));
    }

    [Fact]
    public void A_renewal_that_is_already_late_is_due_now_not_in_the_past()
    {
        var due = Next(Usps(tokenLeft: TimeSpan.FromMinutes(5)));

        due.ShouldBe(new Due(Now, DueReasons.RefreshAhead));
    }

    [Fact]
    public void An_idle_account_is_probed_one_probe_interval_after_it_was_last_seen()
    {
        // Seen last by a check 10 minutes ago, though its last success and state change are older.
        var facts = Usps(lastSuccess: Now.AddMinutes(-40), lastChecked: Now.AddMinutes(-10), stateChanged: Now.AddDays(-3));

        Next(facts).ShouldBe(new Due(Now.AddMinutes(50), DueReasons.IdleProbe));
    }

    [Fact]
    public void An_account_idle_for_longer_than_the_probe_interval_is_probed_now()
    {
        var facts = Usps(lastSuccess: Now.AddHours(-5), stateChanged: Now.AddDays(-3));

        Next(facts).ShouldBe(new Due(Now, DueReasons.IdleProbe));
    }

    [Fact]
    public void An_account_that_renews_by_password_is_never_due_to_refresh_ahead_only_to_be_probed()
    {
        var oneBalance = Usps(tokenLeft: TimeSpan.FromMinutes(5)) with { RenewsByRefreshToken = false, GrantExpiresAt = null };

        Next(oneBalance).ShouldBe(new Due(Now.AddMinutes(59), DueReasons.IdleProbe));
    }

    [Fact]
    public void A_grant_with_a_hard_expiry_is_due_for_a_warning_the_configured_days_before_it_ends()
    {
        var options = Exact();
        options.ProbeIntervalMinutes = 10_080;
        var facts = Usps(tokenLeft: TimeSpan.FromDays(30), grantLeft: TimeSpan.FromDays(5));

        Next(facts, options).ShouldBe(new Due(Now.AddDays(2), DueReasons.ExpiryWarning));
    }

    [Fact]
    public void A_grant_already_inside_a_warning_window_is_due_for_its_warning_now()
    {
        var facts = Usps(grantLeft: TimeSpan.FromDays(2));

        Next(facts).ShouldBe(new Due(Now, DueReasons.ExpiryWarning));
    }

    [Fact]
    public void Each_warning_is_due_once_the_next_one_comes_at_the_next_threshold_and_after_the_last_none()
    {
        var options = Exact();
        var facts = Usps(tokenLeft: TimeSpan.FromDays(30), grantLeft: TimeSpan.FromDays(2));

        HealthSchedule.NextWarning(facts, options).ShouldBe(3);
        HealthSchedule.NextWarning(facts with { ExpiryWarnedDays = 3 }, options).ShouldBe(1);
        HealthSchedule.NextWarning(facts with { ExpiryWarnedDays = 1 }, options).ShouldBeNull();

        // Warned 3 days ahead, 2 days left: the 1-day warning waits for its day, the probe comes first.
        Next(facts with { ExpiryWarnedDays = 3 }).ShouldBe(new Due(Now.AddMinutes(59), DueReasons.IdleProbe));
        options.ProbeIntervalMinutes = 10_080;
        Next(facts with { ExpiryWarnedDays = 3 }, options).ShouldBe(new Due(Now.AddDays(1), DueReasons.ExpiryWarning));
        Next(facts with { ExpiryWarnedDays = 1 }, options)!.Reason.ShouldNotBe(DueReasons.ExpiryWarning);
    }

    [Fact]
    public void The_warnings_go_from_the_most_days_ahead_to_the_fewest_whatever_order_they_are_configured_in()
    {
        var options = Exact();
        options.ExpiryWarningDays = [1, 7, 3];
        var facts = Usps();

        HealthSchedule.NextWarning(facts, options).ShouldBe(7);
        HealthSchedule.NextWarning(facts with { ExpiryWarnedDays = 7 }, options).ShouldBe(3);
        HealthSchedule.NextWarning(facts with { ExpiryWarnedDays = 3 }, options).ShouldBe(1);
    }

    [Fact]
    public void A_grant_without_a_hard_expiry_is_never_due_for_a_warning()
    {
        var facts = Usps() with { GrantExpiresAt = null };

        HealthSchedule.NextWarning(facts, Exact()).ShouldBeNull();
    }

    [Theory]
    [InlineData(ConnectionState.NeedsReconnect)]
    [InlineData(ConnectionState.SupportRequired)]
    public void A_broken_account_is_rechecked_slowly_from_its_last_check(ConnectionState state)
    {
        var facts = Usps(state, lastChecked: Now.AddHours(-1), tokenLeft: TimeSpan.FromMinutes(1));

        Next(facts).ShouldBe(new Due(Now.AddHours(5), DueReasons.Recheck));
    }

    [Fact]
    public void A_broken_account_never_checked_is_rechecked_from_when_it_broke()
    {
        var facts = Usps(ConnectionState.NeedsReconnect, stateChanged: Now.AddHours(-2));

        Next(facts).ShouldBe(new Due(Now.AddHours(4), DueReasons.Recheck));
    }

    [Fact]
    public void A_suspended_account_is_rechecked_at_its_own_interval()
    {
        var facts = Usps(ConnectionState.Suspended, lastChecked: Now.AddMinutes(-15));

        Next(facts).ShouldBe(new Due(Now.AddMinutes(45), DueReasons.Recheck));
    }

    [Fact]
    public void Jitter_spreads_accounts_that_were_connected_together_probes_earlier_and_renewals_inside_the_renew_ahead_window()
    {
        var options = Exact();
        options.Jitter = 0.1;
        options.ProbeIntervalMinutes = 600;
        var random = new Random(20261201);
        var renewals = new List<DateTime>();
        var probes = new List<DateTime>();
        for (var i = 0; i < 200; i++)
        {
            renewals.Add(HealthSchedule.Next(Usps(tokenLeft: TimeSpan.FromHours(2)), Now, options, RenewAhead, random)!.At);
            var passwordAccount = Usps() with { RenewsByRefreshToken = false, GrantExpiresAt = null, LastSuccessAt = Now };
            probes.Add(HealthSchedule.Next(passwordAccount, Now, options, RenewAhead, random)!.At);
        }

        // Renew between 30 and 27 minutes before expiry; probe between 540 and 600 minutes after the last success.
        renewals.ShouldAllBe(at => at >= Now.AddMinutes(90) && at <= Now.AddMinutes(120 - 27));
        probes.ShouldAllBe(at => at >= Now.AddMinutes(540) && at <= Now.AddMinutes(600));
        renewals.Distinct().Count().ShouldBeGreaterThan(150);
        probes.Distinct().Count().ShouldBeGreaterThan(150);
    }

    [Theory]
    [InlineData(0, 60)]
    [InlineData(1, 60)]
    [InlineData(2, 120)]
    [InlineData(3, 240)]
    [InlineData(5, 960)]
    [InlineData(6, 1800)]
    [InlineData(40, 1800)]
    public void The_wait_after_transient_failures_doubles_up_to_its_cap(int failures, int seconds) =>
        HealthSchedule.Backoff(failures, Exact(), new Random(7)).ShouldBe(TimeSpan.FromSeconds(seconds));

    [Fact]
    public void The_wait_after_transient_failures_is_jittered_downwards_only()
    {
        var options = Exact();
        options.Jitter = 0.2;
        var random = new Random(42);

        var waits = Enumerable.Range(0, 100).Select(_ => HealthSchedule.Backoff(3, options, random)).ToList();

        waits.ShouldAllBe(w => w >= TimeSpan.FromSeconds(240 * 0.8) && w <= TimeSpan.FromSeconds(240));
        waits.Distinct().Count().ShouldBeGreaterThan(50);
    }
}
