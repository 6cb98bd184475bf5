using CarrierLink.Carriers.OAuth;
using CarrierLink.Web.Data;
using CarrierLink.Web.Telemetry;
using Microsoft.EntityFrameworkCore;

namespace CarrierLink.Web.Tokens;

/// <summary>
/// The cross-node renewal. One node takes the credential's lease (a conditional UPDATE, so exactly one
/// wins), asks the carrier, and stores the result with a compare-and-swap on the credential's version;
/// the others wait for the new version and use it. A refusal of a refresh token that is no longer the
/// stored one is a lost race, never a revocation. Rotated tokens are served from memory at once and
/// their save is retried through database blips until the lease ends. A refresh that may have rotated
/// the tokens without CarrierLink storing the answer (a lost answer, a node killed mid-refresh) is
/// remembered, so the carrier's refusal that follows is reported as that, not as a revocation.
/// </summary>
public sealed partial class CarrierAccessTokens
{
    private const string LostAnswerReason =
        "CarrierLink lost the carrier's answer while renewing this connection (the carrier had already replaced the sign-in), so it must be signed in again. Nobody revoked it.";

    private async Task<CarrierResult<string>> RenewAsync(Guid accountId, string carrier, RenewalKind kind, string? rejectedToken)
    {
        // Note: waiters share this task, so it must not die with the first caller's cancellation.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(_options.RefreshTimeoutSeconds), time);
        long? firstVersion = null;
        while (true)
        {
            var credential = await ReadCredentialAsync(accountId, timeout.Token);
            if (credential is null || (credential.AccessTokenCipher is null && credential.PasswordCipher is null))
                return new CarrierResult<string>.AuthRejected("CarrierLink holds no credentials for this account.");
            firstVersion ??= credential.Version;

            var stored = StoredToken(credential);
            if (stored is not null && !NeedsRenewal(kind, stored, rejectedToken, renewedMeanwhile: credential.Version != firstVersion))
            {
                cache.Put(accountId, stored);
                return new CarrierResult<string>.Success(stored.AccessToken);
            }

            var now = time.GetUtcNow().UtcDateTime;
            if (credential.RefreshLeaseUntil is { } until && until > now)
            {
                // Another node (or an earlier renewal here) is asking the carrier: wait for what it stores.
                if (timeout.IsCancellationRequested) return Busy();
                try { await Task.Delay(TimeSpan.FromMilliseconds(_options.LeasePollMilliseconds), time, timeout.Token); }
                catch (OperationCanceledException) { return Busy(); }
                continue;
            }

            var lease = new RefreshLease(accountId, credential.Version, Guid.NewGuid().ToString("N"), now.AddSeconds(_options.RefreshLeaseSeconds));
            if (!await WithDbAsync(db => lease.TryTakeAsync(db, now, timeout.Token))) continue;

            // An expired lease means its holder died or lost the database after asking the carrier.
            var earlierOutcomeUnknown = credential.RefreshLeaseUntil is not null || credential.RefreshOutcomeUnknownSince is not null;
            var result = await RenewUnderLeaseAsync(credential, carrier, kind, lease, earlierOutcomeUnknown, timeout.Token);
            if (result is not null) return result;
            // null: another node rotated the tokens meanwhile (a lost race): go round and use theirs.
        }
    }

    private bool NeedsRenewal(RenewalKind kind, TokenCache.Entry stored, string? rejectedToken, bool renewedMeanwhile)
    {
        if (stored.AccessToken == rejectedToken) return true;
        var now = time.GetUtcNow();
        return kind switch
        {
            RenewalKind.ForUse => stored.ExpiresAt - TimeSpan.FromSeconds(_options.RefreshMarginSeconds) <= now,
            RenewalKind.Ahead => !renewedMeanwhile && stored.ExpiresAt - TimeSpan.FromSeconds(_options.RenewAheadSeconds) <= now,
            // Someone else renewing while we waited proves the grant just as well.
            RenewalKind.Probe => !renewedMeanwhile,
            _ => true,
        };
    }

    /// <returns>The outcome, or null when another node's rotation won the race and the loop must re-read.</returns>
    private async Task<CarrierResult<string>?> RenewUnderLeaseAsync(
        CarrierCredential credential, string carrier, RenewalKind kind, RefreshLease lease, bool earlierOutcomeUnknown, CancellationToken cancellationToken)
    {
        var byPassword = credential.PasswordCipher is not null;
        var renewal = byPassword
            ? await RenewByPasswordAsync(credential, carrier, cancellationToken)
            : new PasswordRenewal(await RenewByRefreshTokenAsync(credential, carrier, cancellationToken), PromotedPending: false);
        var lostRace = renewal.Result is CarrierResult<TokenSet>.AuthRejected && !byPassword && await WithDbAsync(db => lease.VersionMovedAsync(db, cancellationToken));
        metrics.TokenRefresh(carrier, OperationOutcomeNames.Of(kind), lostRace ? "lost_race" : OperationOutcomeNames.Of(renewal.Result));

        switch (renewal.Result)
        {
            case CarrierResult<TokenSet>.Success success:
                var tokens = success.Value;
                // The carrier has rotated: from here on these are the only tokens that work, so serve them now.
                cache.Put(lease.AccountId, new TokenCache.Entry(tokens.AccessToken, tokens.AccessTokenExpiresAt));
                // The health engine plans the account itself right after its own renewals; an operation's renewal asks it to.
                await StoreRotatedAsync(lease, tokens, renewal.PromotedPending ? credential.PendingPasswordCipher : null, replan: kind == RenewalKind.ForUse);
                return new CarrierResult<string>.Success(tokens.AccessToken);

            case CarrierResult<TokenSet>.AuthRejected rejected:
                if (lostRace)
                {
                    logger.LogInformation("Account {AccountId}: another node rotated the refresh token first; using its tokens.", lease.AccountId);
                    await WithDbAsync(db => lease.ReleaseAsync(db, outcomeUnknown: false, CancellationToken.None));
                    return null;
                }
                cache.Forget(lease.AccountId);
                await WithDbAsync(db => lease.ReleaseAsync(db, outcomeUnknown: false, CancellationToken.None));
                if (!byPassword && earlierOutcomeUnknown)
                {
                    logger.LogWarning("Account {AccountId}: the carrier refused a refresh token after an earlier refresh's answer was lost.", lease.AccountId);
                    return new CarrierResult<string>.AuthRejected(LostAnswerReason, AnswerLost: true);
                }
                return new CarrierResult<string>.AuthRejected(rejected.Reason);

            case CarrierResult<TokenSet>.Transient transient:
                // A refresh that reached the carrier may have rotated the token: say so for whoever comes next.
                var unknown = !byPassword && transient.MayHaveBeenProcessed;
                await WithDbAsync(db => lease.ReleaseAsync(db, unknown, CancellationToken.None));
                return renewal.Result.Relay<string>();

            default:
                await WithDbAsync(db => lease.ReleaseAsync(db, outcomeUnknown: false, CancellationToken.None));
                return renewal.Result.Relay<string>();
        }
    }

    /// <summary>
    /// Stores rotated tokens with a compare-and-swap on the version the lease was taken at. Any
    /// transient database error is retried until the lease ends; meanwhile the tokens serve from memory.
    /// </summary>
    private async Task StoreRotatedAsync(RefreshLease lease, TokenSet tokens, string? promotedPasswordCipher, bool replan)
    {
        var rotated = new RotatedTokens(
            secrets.Protect(tokens.AccessToken), tokens.AccessTokenExpiresAt.UtcDateTime,
            secrets.ProtectOrNull(tokens.RefreshToken), tokens.RefreshTokenExpiresAt?.UtcDateTime, promotedPasswordCipher);
        // Note: only while the lease lasts; after it, another node may take over and must find the outcome unknown.
        var giveUpAt = new DateTimeOffset(lease.Until, TimeSpan.Zero);
        // Note: attempts are capped too, in case the clock is one a test moves by hand.
        var maxAttempts = Math.Max(10, _options.RefreshLeaseSeconds);
        var delay = TimeSpan.FromMilliseconds(200);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var stored = await WithDbAsync(db => lease.StoreAsync(db, rotated, time.GetUtcNow().UtcDateTime, replan, CancellationToken.None));
                if (!stored)
                    logger.LogWarning("Account {AccountId}: its credentials changed while CarrierLink was renewing them; the newer ones stay.", lease.AccountId);
                else if (attempt > 1)
                    logger.LogInformation("Account {AccountId}: rotated tokens stored after {Attempts} attempts.", lease.AccountId, attempt);
                return;
            }
            catch (Exception e) when (DatabaseFailures.IsTransient(e) && time.GetUtcNow() < giveUpAt && attempt < maxAttempts)
            {
                logger.LogWarning("Account {AccountId}: storing the rotated tokens failed (attempt {Attempt}, {Error}); retrying while they serve from memory.",
                    lease.AccountId, attempt, e.GetType().Name);
                await Task.Delay(delay, time);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 2000));
            }
            catch (Exception e) when (DatabaseFailures.IsTransient(e))
            {
                // The lease is over: whoever renews next finds it expired and treats the outcome as unknown.
                logger.LogError("Account {AccountId}: the database stayed unreachable for the whole refresh lease; the rotated tokens live only in this node's memory.", lease.AccountId);
                return;
            }
        }
    }

    private async Task<CarrierResult<TokenSet>> RenewByRefreshTokenAsync(CarrierCredential credential, string carrier, CancellationToken cancellationToken)
    {
        if (credential.RefreshTokenCipher is null)
            return new CarrierResult<TokenSet>.AuthRejected("The carrier gave CarrierLink no way to renew this connection.");
        var client = clients.FirstOrDefault(c => c.Carrier == carrier)
            ?? throw new InvalidOperationException($"No OAuth client for {carrier}.");
        return await client.RefreshAsync(secrets.Unprotect(credential.RefreshTokenCipher), cancellationToken);
    }

    private sealed record PasswordRenewal(CarrierResult<TokenSet> Result, bool PromotedPending);

    /// <summary>
    /// Authenticates with the stored password. If a password change was sent but its answer never
    /// came (PendingPasswordCipher is set), the pending password is tried before concluding that the
    /// connection is broken, and promoted when it is the one that works.
    /// </summary>
    private async Task<PasswordRenewal> RenewByPasswordAsync(CarrierCredential credential, string carrier, CancellationToken cancellationToken)
    {
        // A registered account (FedEx) keeps its child key and secret where a password account keeps username and password.
        if (registrationClients.FirstOrDefault(c => c.Carrier == carrier) is { } registered)
        {
            var keys = new CarrierLink.Carriers.Registration.ChildCredentials(secrets.Unprotect(credential.UsernameCipher!), secrets.Unprotect(credential.PasswordCipher!));
            // FedEx's token answer does not name the account a child key is for: the account row does.
            var accountNumber = await WithDbAsync(db => db.CarrierAccounts.AsNoTracking()
                .Where(a => a.Id == credential.AccountId).Select(a => a.CarrierAccountId).FirstOrDefaultAsync(cancellationToken));
            if (accountNumber is null) return new PasswordRenewal(new CarrierResult<TokenSet>.AuthRejected("CarrierLink holds no account number for this registration."), PromotedPending: false);
            return new PasswordRenewal(await registered.AuthenticateAsync(accountNumber, keys, cancellationToken), PromotedPending: false);
        }
        var client = passwordClients.FirstOrDefault(c => c.Carrier == carrier)
            ?? throw new InvalidOperationException($"No password client for {carrier}.");
        var username = secrets.Unprotect(credential.UsernameCipher!);
        var result = await client.AuthenticateAsync(username, secrets.Unprotect(credential.PasswordCipher!), cancellationToken);
        if (result is CarrierResult<TokenSet>.AuthRejected && credential.PendingPasswordCipher is { } pending)
        {
            var second = await client.AuthenticateAsync(username, secrets.Unprotect(pending), cancellationToken);
            if (second is CarrierResult<TokenSet>.Success) return new PasswordRenewal(second, PromotedPending: true);
        }
        return new PasswordRenewal(result, PromotedPending: false);
    }

    private TokenCache.Entry? StoredToken(CarrierCredential credential) =>
        credential.AccessTokenCipher is null
            ? null
            : new TokenCache.Entry(secrets.Unprotect(credential.AccessTokenCipher), new DateTimeOffset(credential.AccessTokenExpiresAt ?? DateTime.MinValue, TimeSpan.Zero));

    private Task<CarrierCredential?> ReadCredentialAsync(Guid accountId, CancellationToken cancellationToken) =>
        WithDbAsync(db => db.CarrierCredentials.AsNoTracking().FirstOrDefaultAsync(c => c.AccountId == accountId, cancellationToken));

    private async Task<T> WithDbAsync<T>(Func<CarrierLinkDb, Task<T>> work)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<CarrierLinkDb>());
    }

    private static CarrierResult<string> Busy() =>
        new CarrierResult<string>.Transient("Another CarrierLink node is renewing access to the carrier; try again in a moment.", TimeSpan.FromSeconds(2));
}
