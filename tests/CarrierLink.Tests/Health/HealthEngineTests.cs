using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CarrierLink.Tests.Support;
using CarrierLink.Web.Data;
using Shouldly;

namespace CarrierLink.Tests.Health;

/// <summary>
/// The health engine owning a connection's life, with nobody calling an operation: probes, renewals,
/// re-checks, expiry warnings, and a refresh whose answer was lost. The sandbox shares the test's clock.
/// </summary>
public abstract class HealthEngineTests(StackFixture fixture) : HealthTestBase(fixture)
{
    private TimeSpan PastProbeInterval => TimeSpan.FromMinutes(Options.ProbeIntervalMinutes + 1);

    [Fact]
    public async Task An_idle_usps_account_whose_grant_was_revoked_needs_reconnecting_after_the_engines_probe_without_any_operation()
    {
        await SetAsideEarlierAccountsAsync();
        var (api, accountId, customer) = await ConnectedUspsAsync();
        // USPS as published: the refresh token is revoked, the access token CarrierLink holds would still work for hours.
        await ControlAsync("usps", customer, "revoke");
        await ResetCountersAsync();

        (await RunEngineAsync()).ShouldBe(0, "nothing is due before the probe interval");
        (await api.StateOfAsync(accountId)).ShouldBe("connected");
        Stack.Clock.Advance(PastProbeInterval);
        await RunEngineAsync();

        (await api.StateOfAsync(accountId)).ShouldBe("needs_reconnect");
        (await AccountAsync(accountId)).StateReasonCode.ShouldBe(StateReasonCodes.Rejected);
        (await api.EventTypesAsync(accountId)).ShouldContain("needs_reconnect");
        (await UspsApiCallsAsync()).ShouldBe(0, "the probe is a refresh; no shipping call was made");
        (await UspsCountersAsync()).GetProperty("refresh_rejected").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task An_idle_one_balance_account_whose_password_changed_at_stampscom_needs_reconnecting_after_the_engines_probe()
    {
        await SetAsideEarlierAccountsAsync();
        var (api, accountId, customer) = await ConnectedOneBalanceAsync();
        (await Stack.Control.PostAsJsonAsync($"/_control/customers/stamps/{customer.Username}/password", new { password = "Changed-Elsewhere-77" }))
            .EnsureSuccessStatusCode();

        (await RunEngineAsync()).ShouldBe(0);
        (await api.StateOfAsync(accountId)).ShouldBe("connected");
        Stack.Clock.Advance(PastProbeInterval);
        await RunEngineAsync();

        (await api.StateOfAsync(accountId)).ShouldBe("needs_reconnect");
        (await api.EventTypesAsync(accountId)).ShouldContain("needs_reconnect");
    }

    [Fact]
    public async Task An_idle_account_that_still_works_stays_connected_after_the_probe_and_is_probed_again_an_interval_later()
    {
        await SetAsideEarlierAccountsAsync();
        var (api, accountId, _) = await ConnectedUspsAsync();
        await ResetCountersAsync();

        Stack.Clock.Advance(PastProbeInterval);
        (await RunEngineAsync()).ShouldBe(1);

        (await api.StateOfAsync(accountId)).ShouldBe("connected");
        (await UspsRefreshesAsync()).ShouldBe(1);
        var account = await AccountAsync(accountId);
        account.LastCheckedAt.ShouldNotBeNull();
        account.DueReason.ShouldBe(DueReasons.IdleProbe);
        account.NextDueAt!.Value.ShouldBeGreaterThan(Stack.Clock.GetUtcNow().UtcDateTime.AddMinutes(Options.ProbeIntervalMinutes * (1 - Options.Jitter) - 1));
    }

    [Fact]
    public async Task The_engine_renews_an_access_token_ahead_of_its_expiry_so_the_next_operation_does_not_refresh()
    {
        await SetAsideEarlierAccountsAsync();
        var settings = await Stack.Control.GetFromJsonAsync<JsonElement>("/_control/settings/usps");
        var tokenSeconds = settings.GetProperty("access_token_seconds").GetInt32();
        // 40-minute access tokens: renewing 30 minutes ahead (Tokens:RenewAheadSeconds) comes well before the hourly probe.
        (await Stack.Control.PutAsJsonAsync("/_control/settings/usps", new { access_token_seconds = 2400 })).EnsureSuccessStatusCode();
        try
        {
            var (api, accountId, _) = await ConnectedUspsAsync();
            var before = await Stack.CredentialAsync(accountId);
            var planned = await AccountAsync(accountId);
            planned.DueReason.ShouldBe(DueReasons.RefreshAhead);
            await ResetCountersAsync();

            (await RunEngineAsync()).ShouldBe(0, "nothing is due before the renewal");

            // The time the engine planned: about 30 minutes (Tokens:RenewAheadSeconds) before expiry, long before an operation would renew.
            Stack.Clock.Advance(planned.NextDueAt!.Value - Stack.Clock.GetUtcNow().UtcDateTime + TimeSpan.FromSeconds(1));
            (await Stack.CredentialAsync(accountId))!.AccessTokenExpiresAt!.Value.ShouldBeGreaterThan(Stack.Clock.GetUtcNow().UtcDateTime.AddMinutes(25));
            await RunEngineAsync();

            (await UspsRefreshesAsync()).ShouldBe(1);
            var after = await Stack.CredentialAsync(accountId);
            after!.AccessTokenExpiresAt.ShouldNotBeNull();
            after.AccessTokenExpiresAt.Value.ShouldBeGreaterThan(before!.AccessTokenExpiresAt!.Value);
            Stack.Decrypt(after.AccessTokenCipher!).ShouldNotBe(Stack.Decrypt(before.AccessTokenCipher!));

            (await RatesAsync(api, accountId)).StatusCode.ShouldBe(HttpStatusCode.OK);
            (await UspsRefreshesAsync()).ShouldBe(1, "the operation used the token the engine renewed");
            (await UspsCountersAsync()).GetProperty("refresh_rejected").GetInt32().ShouldBe(0);
        }
        finally
        {
            (await Stack.Control.PutAsJsonAsync("/_control/settings/usps", new { access_token_seconds = tokenSeconds })).EnsureSuccessStatusCode();
        }
    }

    [Fact]
    public async Task A_suspended_account_stays_suspended_while_the_carrier_says_so_and_is_connected_again_by_a_recheck_after_unsuspension()
    {
        await SetAsideEarlierAccountsAsync();
        var (api, accountId, customer) = await ConnectedUspsAsync();
        await ControlAsync("usps", customer, "suspend");
        (await RatesAsync(api, accountId)).IsSuccessStatusCode.ShouldBeFalse();
        (await api.StateOfAsync(accountId)).ShouldBe("suspended");
        await RunEngineAsync();
        var recheckAfter = TimeSpan.FromMinutes(Options.RecheckSuspendedMinutes + 1);

        Stack.Clock.Advance(recheckAfter);
        (await RunEngineAsync()).ShouldBe(1);
        (await api.StateOfAsync(accountId)).ShouldBe("suspended");

        await ControlAsync("usps", customer, "unsuspend");
        (await RunEngineAsync()).ShouldBe(0, "the next re-check waits for its interval");
        (await api.StateOfAsync(accountId)).ShouldBe("suspended");
        Stack.Clock.Advance(recheckAfter);
        await RunEngineAsync();

        (await api.StateOfAsync(accountId)).ShouldBe("connected");
        (await api.EventTypesAsync(accountId)).ShouldContain("restored");
        (await RatesAsync(api, accountId)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_grant_nearing_its_hard_expiry_gets_one_warning_at_each_configured_threshold()
    {
        await SetAsideEarlierAccountsAsync();
        var (api, accountId, _) = await ConnectedUspsAsync();
        Options.ExpiryWarningDays.ShouldBe([3, 1]);
        async Task<int> WarningsAsync() => (await api.EventTypesAsync(accountId)).Count(t => t == "grant_expiring");

        // USPS grants end 7 days after consent: 4 days and an hour in, less than 3 days are left.
        Stack.Clock.Advance(TimeSpan.FromDays(2));
        await RunEngineAsync();
        (await WarningsAsync()).ShouldBe(0);
        Stack.Clock.Advance(TimeSpan.FromDays(2) + TimeSpan.FromHours(1));
        await RunEngineAsync();
        (await WarningsAsync()).ShouldBe(1);
        (await AccountAsync(accountId)).ExpiryWarnedDays.ShouldBe(3);

        // Probes and renewals go on; the warning is not repeated.
        for (var i = 0; i < 3; i++)
        {
            Stack.Clock.Advance(TimeSpan.FromHours(2));
            await RunEngineAsync();
        }
        (await WarningsAsync()).ShouldBe(1);

        // Less than a day left: the second and last warning.
        Stack.Clock.Advance(TimeSpan.FromDays(2));
        await RunEngineAsync();
        (await WarningsAsync()).ShouldBe(2);
        Stack.Clock.Advance(TimeSpan.FromHours(2));
        await RunEngineAsync();
        (await WarningsAsync()).ShouldBe(2);
        (await AccountAsync(accountId)).ExpiryWarnedDays.ShouldBe(1);
        (await api.StateOfAsync(accountId)).ShouldBe("connected");
    }

    [Fact]
    public async Task A_grant_found_already_inside_both_warning_windows_gets_one_warning_not_two()
    {
        await SetAsideEarlierAccountsAsync();
        var (api, accountId, _) = await ConnectedUspsAsync();

        Stack.Clock.Advance(TimeSpan.FromDays(6) + TimeSpan.FromHours(1));
        await RunEngineAsync();
        Stack.Clock.Advance(TimeSpan.FromHours(2));
        await RunEngineAsync();

        (await api.EventTypesAsync(accountId)).Count(t => t == "grant_expiring").ShouldBe(1);
        (await AccountAsync(accountId)).ExpiryWarnedDays.ShouldBe(1);
    }

    [Fact]
    public async Task A_transient_failure_during_a_probe_changes_nothing_and_the_engine_tries_again_after_a_backoff()
    {
        await SetAsideEarlierAccountsAsync();
        var (api, accountId, _) = await ConnectedUspsAsync();
        await AddFaultAsync(new { carrier = "usps", endpoint = "POST /oauth2/v3/token", status = 503 });
        try
        {
            Stack.Clock.Advance(PastProbeInterval);
            await RunEngineAsync();

            (await api.StateOfAsync(accountId)).ShouldBe("connected");
            var troubled = await AccountAsync(accountId);
            troubled.DueReason.ShouldBe(DueReasons.RetryAfterTrouble);
            troubled.NextDueAt!.Value.ShouldBeLessThanOrEqualTo(Stack.Clock.GetUtcNow().UtcDateTime.AddSeconds(Options.TroubleBackoffSeconds));
        }
        finally
        {
            await ClearFaultsAsync();
        }
        await ResetCountersAsync();

        Stack.Clock.Advance(TimeSpan.FromSeconds(Options.TroubleBackoffSeconds + 1));
        (await RunEngineAsync()).ShouldBe(1);

        (await UspsRefreshesAsync()).ShouldBe(1);
        (await api.StateOfAsync(accountId)).ShouldBe("connected");
        var events = await api.EventTypesAsync(accountId);
        events.Count(t => t == "carrier_trouble_started").ShouldBe(1);
        events.ShouldContain("carrier_trouble_ended");
        events.ShouldNotContain("needs_reconnect");
    }

    [Fact]
    public async Task A_refresh_whose_answer_was_lost_after_usps_rotated_ends_in_needs_reconnect_saying_so_not_as_a_revocation()
    {
        await SetAsideEarlierAccountsAsync();
        var (api, accountId, _) = await ConnectedUspsAsync();
        await ResetCountersAsync();
        // USPS rotates the refresh token, then the answer never arrives.
        await AddFaultAsync(new { carrier = "usps", endpoint = "POST /oauth2/v3/token", drop = true, after = true });
        try
        {
            Stack.Clock.Advance(PastProbeInterval);
            await RunEngineAsync();

            (await UspsRefreshesAsync()).ShouldBe(1, "USPS did rotate");
            (await api.StateOfAsync(accountId)).ShouldBe("connected", "a lost answer alone proves nothing");
            (await Stack.CredentialAsync(accountId))!.RefreshOutcomeUnknownSince.ShouldNotBeNull();
        }
        finally
        {
            await ClearFaultsAsync();
        }

        Stack.Clock.Advance(TimeSpan.FromSeconds(Options.TroubleBackoffSeconds + 1));
        await RunEngineAsync();

        (await UspsCountersAsync()).GetProperty("refresh_rejected").GetInt32().ShouldBe(1, "the stored refresh token was spent by the lost refresh");
        var account = await AccountAsync(accountId);
        account.State.ShouldBe(ConnectionState.NeedsReconnect);
        account.StateReasonCode.ShouldBe(StateReasonCodes.LostCarrierAnswer);
        var reason = account.StateReason.ShouldNotBeNull();
        reason.ShouldContain("lost the carrier's answer");
        reason.ShouldNotContain("no longer accepts this connection");
        (await api.GetFromJsonAsync<JsonElement>($"/api/v1/carrier-accounts/{accountId}")).GetProperty("state_reason_code").GetString()
            .ShouldBe("lost_carrier_answer");
        var problem = await (await RatesAsync(api, accountId)).Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("type").GetString().ShouldBe("reconnect-required");

        // The slow re-check of a broken account is refused again, and the reason stays what it was.
        Stack.Clock.Advance(TimeSpan.FromMinutes(Options.RecheckBrokenMinutes + 1));
        (await RunEngineAsync()).ShouldBe(1);
        (await AccountAsync(accountId)).StateReasonCode.ShouldBe(StateReasonCodes.LostCarrierAnswer);
    }

    [Fact]
    public async Task Signing_in_again_after_a_lost_answer_clears_it_so_a_later_revocation_is_reported_as_one()
    {
        await SetAsideEarlierAccountsAsync();
        var merchant = await Stack.CreateMerchantAsync();
        var customer = await Stack.CreateUspsCustomerAsync();
        var accountId = await merchant.ConnectUspsAsync(customer);
        await RunEngineAsync();
        await AddFaultAsync(new { carrier = "usps", endpoint = "POST /oauth2/v3/token", drop = true, after = true });
        try
        {
            Stack.Clock.Advance(PastProbeInterval);
            await RunEngineAsync();
        }
        finally
        {
            await ClearFaultsAsync();
        }
        (await Stack.CredentialAsync(accountId))!.RefreshOutcomeUnknownSince.ShouldNotBeNull();

        // The merchant signs in again (Edit > Login) before the engine tries the spent token.
        using (var browser = await merchant.SignedInBrowserAsync())
        {
            var edit = await browser.GetAsync($"/settings/carriers/usps/accounts/{accountId}/edit");
            await UspsSite.AuthorizeAndReturnAsync(browser, await browser.SubmitAsync(edit, "form", new(), "Login"), customer);
        }
        (await Stack.CredentialAsync(accountId))!.RefreshOutcomeUnknownSince.ShouldBeNull("the new grant owes nothing to the lost answer");

        await Stack.RevokeGrantAndExpireAccessTokenAsync(customer);
        Stack.Clock.Advance(PastProbeInterval);
        await RunEngineAsync();

        var account = await AccountAsync(accountId);
        account.State.ShouldBe(ConnectionState.NeedsReconnect);
        account.StateReasonCode.ShouldBe(StateReasonCodes.Rejected, "USPS revoked the new grant; no answer was lost");
    }
}

public sealed class HealthEngineOnSqliteTests(HealthSqliteStack fixture) : HealthEngineTests(fixture), IClassFixture<HealthSqliteStack>;

public sealed class HealthEngineOnPostgresTests(HealthPostgresStack fixture) : HealthEngineTests(fixture), IClassFixture<HealthPostgresStack>;
