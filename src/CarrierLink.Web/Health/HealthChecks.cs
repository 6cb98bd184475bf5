using CarrierLink.Carriers.Catalog;
using CarrierLink.Carriers.OAuth;
using CarrierLink.Carriers.Shipping;
using CarrierLink.Web.Accounts;
using CarrierLink.Web.Data;
using CarrierLink.Web.Shipping;
using CarrierLink.Web.Tokens;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CarrierLink.Web.Health;

/// <summary>
/// What the health engine does with one due account: renew ahead of expiry, probe an idle grant,
/// warn before a hard expiry, re-check a broken, suspended or held account; then plan its next turn.
/// A refusal marks the account at once (through the same verdict as operations, incidents included);
/// a transient failure never changes state, it only moves the next check back.
/// </summary>
public sealed class HealthChecks(
    IServiceScopeFactory scopes,
    CarrierAccessTokens tokens,
    AccountHealth health,
    CarrierIncidents incidents,
    IEnumerable<IShippingCarrierClient> shippingClients,
    IOptions<HealthOptions> options,
    IOptions<TokenOptions> tokenOptions,
    HealthMetrics metrics,
    ILogger<HealthChecks> logger)
{
    private readonly HealthOptions _options = options.Value;

    private enum Outcome { Planned, Ok, Refused, Held, Transient, Restored, Warned }

    public async Task RunAsync(ClaimedAccount claimed, CancellationToken cancellationToken)
    {
        var account = await ReadAccountAsync(claimed.Id, cancellationToken);
        if (account is null) return;
        var reason = await EffectiveReasonAsync(account, claimed.DueReason, cancellationToken);
        var outcome = reason switch
        {
            DueReasons.RefreshAhead => await RenewAsync(account, RenewalKind.Ahead, cancellationToken),
            DueReasons.IdleProbe or DueReasons.RetryAfterTrouble => await RenewAsync(account, RenewalKind.Probe, cancellationToken),
            DueReasons.ExpiryWarning => await WarnAsync(account, cancellationToken),
            DueReasons.Recheck => await RecheckAsync(account, cancellationToken),
            DueReasons.IncidentRecheck => await IncidentRecheckAsync(account, cancellationToken),
            _ => Outcome.Planned,
        };
        metrics.Checked(account.Carrier, reason, outcome.ToString().ToLowerInvariant());
        await PlanAsync(account.Id, calledCarrier: outcome is not (Outcome.Planned or Outcome.Warned), outcome, cancellationToken);
    }

    /// <summary>An incident canary: true when the carrier accepts the held account again (its hold then ends).</summary>
    public async Task<bool?> CanaryAsync(Guid accountId, CancellationToken cancellationToken)
    {
        var account = await ReadAccountAsync(accountId, cancellationToken);
        if (account is null) return null;
        var result = await tokens.RenewAsync(account.Id, account.Carrier, RenewalKind.Probe, cancellationToken);
        await MarkCheckedAsync(account.Id, cancellationToken);
        if (result is CarrierResult<string>.Success)
        {
            await ReleaseHoldAsync(account, cancellationToken);
            return true;
        }
        return result is CarrierResult<string>.AuthRejected ? false : null;
    }

    /// <summary>The stored reason may be stale (the state changed after it was set): do what fits the account now.</summary>
    private async Task<string> EffectiveReasonAsync(CarrierAccount account, string? stored, CancellationToken cancellationToken)
    {
        if (account.HeldByIncidentId is not null)
            return await incidents.OpenForAsync(account.Carrier, cancellationToken) is null ? DueReasons.IncidentRecheck : DueReasons.Plan;
        return (account.State, stored) switch
        {
            (ConnectionState.Connected, DueReasons.RefreshAhead or DueReasons.IdleProbe or DueReasons.ExpiryWarning or DueReasons.RetryAfterTrouble) => stored!,
            (ConnectionState.NeedsReconnect or ConnectionState.SupportRequired or ConnectionState.Suspended, DueReasons.Recheck or DueReasons.RetryAfterTrouble) => DueReasons.Recheck,
            _ => DueReasons.Plan,
        };
    }

    private async Task<Outcome> RenewAsync(CarrierAccount account, RenewalKind kind, CancellationToken cancellationToken)
    {
        var result = await tokens.RenewAsync(account.Id, account.Carrier, kind, cancellationToken);
        metrics.Renewed(account.Carrier, kind.ToString().ToLowerInvariant(), Name(result));
        switch (result)
        {
            case CarrierResult<string>.Success:
                if (account.TroubleSince is not null) await health.RecordSuccessAsync(account, cancellationToken);
                return Outcome.Ok;
            case CarrierResult<string>.AuthRejected rejected:
                metrics.Failed(account.Carrier, "auth");
                var verdict = await health.RejectAsync(account, rejected.Reason, rejected.AnswerLost, afterIncident: false, cancellationToken);
                logger.LogWarning("{Carrier} refused the credentials of idle account {AccountId}{Held}.", account.Carrier, account.Id, verdict.HeldBy is null ? "" : " (held by an incident)");
                return verdict.HeldBy is null ? Outcome.Refused : Outcome.Held;
            case CarrierResult<string>.Suspended suspended:
                await health.ApplyAsync(account.Id, new ConnectionEvent.SuspendedByCarrier(suspended.Reason), cancellationToken);
                return Outcome.Refused;
            default:
                return await TroubleAsync(account, result, cancellationToken);
        }
    }

    /// <summary>A suspended or broken account: renew, then one cheap authenticated call; both must pass to restore it.</summary>
    private async Task<Outcome> RecheckAsync(CarrierAccount account, CancellationToken cancellationToken)
    {
        var renewed = await tokens.RenewAsync(account.Id, account.Carrier, RenewalKind.Probe, cancellationToken);
        if (renewed is CarrierResult<string>.AuthRejected rejected)
        {
            // Still refused: nothing to tell anyone (a suspended account whose grant ended now needs reconnecting).
            await health.RejectAsync(account, rejected.Reason, rejected.AnswerLost, afterIncident: true, cancellationToken);
            return Outcome.Refused;
        }
        if (renewed is not CarrierResult<string>.Success token) return await TroubleAsync(account, renewed, cancellationToken);

        var client = shippingClients.FirstOrDefault(c => c.Carrier == account.Carrier);
        var identity = AccountIdentity.Of(account);
        var descriptor = CarrierCatalog.Find(account.Carrier);
        if (client is null || descriptor is null) return Outcome.Planned;
        var check = await client.GetRatesAsync(new CarrierSession(token.Value, identity), descriptor.AccessCheck, cancellationToken);
        switch (check)
        {
            // A quote the carrier answered, even with a refusal of the request itself, proves the account works.
            case CarrierResult<IReadOnlyList<Rate>>.Success or CarrierResult<IReadOnlyList<Rate>>.Invalid:
                await health.ApplyAsync(account.Id, new ConnectionEvent.CarrierAccepted(), cancellationToken);
                logger.LogInformation("{Carrier} accepts account {AccountId} again; it was {State}.", account.Carrier, account.Id, account.State.ToSlug());
                return Outcome.Restored;
            case CarrierResult<IReadOnlyList<Rate>>.Transient:
                return await TroubleAsync(account, check.Relay<string>(), cancellationToken);
            default:
                return Outcome.Refused;
        }
    }

    private async Task<Outcome> IncidentRecheckAsync(CarrierAccount account, CancellationToken cancellationToken)
    {
        var result = await tokens.RenewAsync(account.Id, account.Carrier, RenewalKind.Probe, cancellationToken);
        switch (result)
        {
            case CarrierResult<string>.Success:
                await ReleaseHoldAsync(account, cancellationToken);
                return Outcome.Ok;
            case CarrierResult<string>.AuthRejected rejected:
                await ReleaseHoldAsync(account, cancellationToken, announce: false);
                await health.RejectAsync(account, rejected.Reason, rejected.AnswerLost, afterIncident: true, cancellationToken);
                return Outcome.Refused;
            default:
                return await TroubleAsync(account, result, cancellationToken);
        }
    }

    private async Task<Outcome> WarnAsync(CarrierAccount account, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CarrierLinkDb>();
        var facts = await FactsAsync(db, account, cancellationToken);
        if (facts?.GrantExpiresAt is not { } ends) return Outcome.Planned;
        var now = db.UtcNow;
        var remaining = ends - now;
        // The smallest threshold already reached, so a late warning is one entry, not one per threshold.
        var days = _options.ExpiryWarningDays.Where(d => remaining <= TimeSpan.FromDays(d) && (account.ExpiryWarnedDays is null || d < account.ExpiryWarnedDays)).Order().FirstOrDefault();
        if (days == 0) return Outcome.Planned;
        var marked = await db.CarrierAccounts.Where(a => a.Id == account.Id && (a.ExpiryWarnedDays == null || a.ExpiryWarnedDays > days))
            .ExecuteUpdateAsync(a => a.SetProperty(x => x.ExpiryWarnedDays, days), cancellationToken);
        if (marked == 1 && remaining > TimeSpan.Zero)
        {
            AccountLedger.Record(db, account, "grant_expiring", GrantExpiry.Describe(account.Carrier, ends, now));
            await db.SaveChangesAsync(cancellationToken);
        }
        return Outcome.Warned;
    }

    private async Task<Outcome> TroubleAsync(CarrierAccount account, CarrierResult<string> failure, CancellationToken cancellationToken)
    {
        var reason = failure switch
        {
            CarrierResult<string>.Transient t => t.Reason,
            // Our own client credentials refused: an operator's problem, never the merchant's.
            CarrierResult<string>.Invalid i => i.Message,
            _ => "the carrier did not answer as expected",
        };
        metrics.Failed(account.Carrier, failure is CarrierResult<string>.Invalid ? "invalid" : "transient");
        await health.RecordTransientAsync(account, $"health check: {reason}", cancellationToken);
        return Outcome.Transient;
    }

    private async Task ReleaseHoldAsync(CarrierAccount account, CancellationToken cancellationToken, bool announce = true)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CarrierLinkDb>();
        var released = await db.CarrierAccounts.Where(a => a.Id == account.Id && a.HeldByIncidentId != null)
            .ExecuteUpdateAsync(a => a.SetProperty(x => x.HeldByIncidentId, (Guid?)null), cancellationToken);
        if (released == 1 && announce)
        {
            AccountLedger.Record(db, account, "incident_cleared", $"{CarrierCatalog.Find(account.Carrier)?.ShortName ?? account.Carrier} accepts this account again; nothing to do.");
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    private async Task PlanAsync(Guid accountId, bool calledCarrier, Outcome outcome, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CarrierLinkDb>();
        var account = await db.CarrierAccounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == accountId, cancellationToken);
        if (account is null) return;
        var now = db.UtcNow;
        // Stored with the schedule below, in one statement; the plan counts from it already.
        if (calledCarrier) account.LastCheckedAt = now;
        Due? next;
        if (outcome == Outcome.Ok && account.State is not ConnectionState.Connected)
            // Renewed fine, but the account broke meanwhile (another node lost an answer this one stored): re-check it now.
            next = new Due(now, DueReasons.Recheck);
        else if (outcome == Outcome.Transient)
            next = new Due(now + HealthSchedule.Backoff(account.TransientFailures, _options, Random.Shared),
                account.HeldByIncidentId is null ? DueReasons.RetryAfterTrouble : DueReasons.IncidentRecheck);
        else if (account.HeldByIncidentId is not null)
            // Held accounts wait for their incident: its canaries and its end decide when they are checked.
            next = await incidents.OpenForAsync(account.Carrier, cancellationToken) is null ? new Due(now, DueReasons.IncidentRecheck) : null;
        else
            next = await FactsAsync(db, account, cancellationToken) is { } facts
                ? HealthSchedule.Next(facts, now, _options, TimeSpan.FromSeconds(tokenOptions.Value.RenewAheadSeconds), Random.Shared)
                : null;
        await DueQueue.ScheduleAsync(db, accountId, account.Version, next, calledCarrier ? now : null, cancellationToken);
    }

    private static async Task<AccountFacts?> FactsAsync(CarrierLinkDb db, CarrierAccount account, CancellationToken cancellationToken)
    {
        var credential = await db.CarrierCredentials.AsNoTracking().Where(c => c.AccountId == account.Id)
            .Select(c => new { c.AccessTokenExpiresAt, c.RefreshTokenExpiresAt, HasRefreshToken = c.RefreshTokenCipher != null })
            .FirstOrDefaultAsync(cancellationToken);
        if (credential is null && account.State is ConnectionState.Connected) return null;
        return new AccountFacts(account.State, credential?.HasRefreshToken == true, credential?.AccessTokenExpiresAt,
            credential?.HasRefreshToken == true ? credential.RefreshTokenExpiresAt : null,
            account.LastSuccessAt, account.LastCheckedAt, account.StateChangedAt, account.ExpiryWarnedDays);
    }

    /// <summary>A canary's check time (regular checks store theirs with the schedule).</summary>
    private async Task MarkCheckedAsync(Guid accountId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CarrierLinkDb>();
        var now = db.UtcNow;
        await db.CarrierAccounts.Where(a => a.Id == accountId).ExecuteUpdateAsync(a => a.SetProperty(x => x.LastCheckedAt, now), cancellationToken);
    }

    private async Task<CarrierAccount?> ReadAccountAsync(Guid accountId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CarrierLinkDb>().CarrierAccounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == accountId, cancellationToken);
    }

    private static string Name(CarrierResult<string> result) => result switch
    {
        CarrierResult<string>.Success => "ok",
        CarrierResult<string>.AuthRejected { AnswerLost: true } => "answer_lost",
        CarrierResult<string>.AuthRejected => "rejected",
        CarrierResult<string>.Transient => "transient",
        CarrierResult<string>.Invalid => "invalid",
        _ => "other",
    };
}
