using CarrierLink.Carriers.Catalog;
using CarrierLink.Carriers.OAuth;
using CarrierLink.Web.Accounts;
using CarrierLink.Web.Data;
using CarrierLink.Web.Security;
using CarrierLink.Web.Tokens;
using Microsoft.EntityFrameworkCore;

namespace CarrierLink.Web.OneBalance;

public abstract record PasswordOutcome
{
    private PasswordOutcome() { }
    public sealed record Done(CarrierAccount Account) : PasswordOutcome;
    /// <summary>The password was refused: by a rule, or as the wrong password.</summary>
    public sealed record Refused(IReadOnlyList<string> FailedRules, string Message) : PasswordOutcome;
    /// <summary>Stamps.com could not be asked (outage, lockout): nothing changed.</summary>
    public sealed record Unavailable(string Message, TimeSpan? RetryAfter) : PasswordOutcome;
    /// <summary>Stamps.com no longer accepts the saved password: the account now needs a reconnect.</summary>
    public sealed record ReconnectRequired(CarrierAccount Account, string Message) : PasswordOutcome;
    public sealed record NotAllowed(string Message) : PasswordOutcome;
}

/// <summary>
/// One Balance accounts, reached with a username and password: connect (verified by
/// authenticating before anything is saved), reconnect with a new password, and change the
/// password at Stamps.com without ever losing the one that works.
/// </summary>
public sealed class PasswordConnections(
    CarrierLinkDb db,
    IEnumerable<IPasswordCarrierClient> clients,
    SecretProtector secrets,
    CarrierAccessTokens tokens,
    ILogger<PasswordConnections> logger)
{
    public bool Supports(string carrier) => clients.Any(c => c.Carrier == carrier && c.IsConfigured);

    public async Task<PasswordOutcome> ConnectAsync(Guid merchantId, string carrier, string nickname, string? username, string? password, Guid? userId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(username) || string.IsNullOrEmpty(password))
            return new PasswordOutcome.Refused([], "Enter the One Balance username and password.");
        var verified = await Client(carrier).AuthenticateAsync(username.Trim(), password, cancellationToken);
        if (verified is not CarrierResult<TokenSet>.Success success) return Refusal(verified);

        var account = new CarrierAccount { MerchantId = merchantId, Carrier = carrier, Nickname = nickname, State = ConnectionState.Pending, StateChangedAt = db.UtcNow };
        db.CarrierAccounts.Add(account);
        db.CarrierCredentials.Add(new CarrierCredential
        {
            AccountId = account.Id,
            UsernameCipher = secrets.Protect(username.Trim()),
            PasswordCipher = secrets.Protect(password),
            AccessTokenCipher = secrets.Protect(success.Value.AccessToken),
            AccessTokenExpiresAt = success.Value.AccessTokenExpiresAt.UtcDateTime,
        });
        AccountIdentity.Apply(account, success.Value.Identity!);
        AccountLedger.Record(db, account, "created", $"Account \"{nickname}\" was added with its One Balance username and password.", userId);
        AccountLedger.Apply(db, account, new ConnectionEvent.Authorized(), userId);
        await db.SaveChangesAsync(cancellationToken);
        return new PasswordOutcome.Done(account);
    }

    /// <summary>The green Reconnect: verify the new password with Stamps.com, then keep it.</summary>
    public async Task<PasswordOutcome> ReconnectAsync(CarrierAccount account, string? password, Guid? userId, CancellationToken cancellationToken, bool bySupport = false)
    {
        if (!bySupport && CarrierCatalog.Get(account.Carrier).ReconnectedBy == Reconnector.Support)
            return new PasswordOutcome.NotAllowed("Only Customer Service can reconnect a UPS One Balance account.");
        var credential = await db.CarrierCredentials.FirstOrDefaultAsync(c => c.AccountId == account.Id, cancellationToken);
        if (credential?.UsernameCipher is null) return new PasswordOutcome.NotAllowed("This account has no One Balance sign-in to reconnect.");
        var newPassword = string.IsNullOrEmpty(password) ? null : password;
        if (newPassword is null && !bySupport) return new PasswordOutcome.Refused([], "Enter the new One Balance password.");

        var attempt = newPassword ?? secrets.Unprotect(credential.PasswordCipher!);
        var verified = await Client(account.Carrier).AuthenticateAsync(secrets.Unprotect(credential.UsernameCipher), attempt, cancellationToken);
        if (verified is not CarrierResult<TokenSet>.Success success) return Refusal(verified);

        credential.PasswordCipher = secrets.Protect(attempt);
        credential.PendingPasswordCipher = null;
        credential.AccessTokenCipher = secrets.Protect(success.Value.AccessToken);
        credential.AccessTokenExpiresAt = success.Value.AccessTokenExpiresAt.UtcDateTime;
        // In the same unit of work as the state change, so the merchant's request closes as Customer Service's doing.
        if (bySupport) AccountLedger.Record(db, account, "support_reconnected", "Customer Service reconnected the account.", userId);
        AccountLedger.Apply(db, account, new ConnectionEvent.Authorized(), userId);
        await db.SaveChangesAsync(cancellationToken);
        tokens.Forget(account.Id);
        return new PasswordOutcome.Done(account);
    }

    /// <summary>
    /// Set your One Balance Password. The new password is stored (encrypted, as pending) before
    /// Stamps.com is asked; promoted when it says yes, dropped when it says no. If the answer is
    /// lost, the pending password stays and the next authentication tries it (CarrierAccessTokens).
    /// </summary>
    public async Task<PasswordOutcome> ChangePasswordAsync(CarrierAccount account, string? newPassword, Guid? userId, CancellationToken cancellationToken)
    {
        newPassword ??= "";
        var failed = PasswordRules.FailedRequirements(newPassword);
        if (failed.Count > 0) return new PasswordOutcome.Refused(failed, PasswordRules.Explain(failed[0]));
        if (account.State != ConnectionState.Connected)
            return new PasswordOutcome.NotAllowed("Reconnect the account first; then its password can be changed here.");
        var credential = await db.CarrierCredentials.FirstOrDefaultAsync(c => c.AccountId == account.Id, cancellationToken);
        if (credential?.PasswordCipher is null || credential.UsernameCipher is null)
            return new PasswordOutcome.NotAllowed("This account has no One Balance password in CarrierLink.");

        credential.PendingPasswordCipher = secrets.Protect(newPassword);
        await db.SaveChangesAsync(cancellationToken);

        var answer = await Client(account.Carrier).ChangePasswordAsync(
            secrets.Unprotect(credential.UsernameCipher), secrets.Unprotect(credential.PasswordCipher), newPassword, cancellationToken);
        switch (answer)
        {
            case CarrierResult<PasswordChange>.Success { Value.Changed: true }:
                credential.PasswordCipher = credential.PendingPasswordCipher;
                credential.PendingPasswordCipher = null;
                // Stamps.com ends every authenticator when the password changes.
                credential.AccessTokenCipher = null;
                credential.AccessTokenExpiresAt = null;
                AccountLedger.Record(db, account, "password_changed", "The One Balance password was changed from CarrierLink.", userId);
                await db.SaveChangesAsync(cancellationToken);
                tokens.Forget(account.Id);
                return new PasswordOutcome.Done(account);
            case CarrierResult<PasswordChange>.Success { Value: var refused }:
                credential.PendingPasswordCipher = null;
                await db.SaveChangesAsync(cancellationToken);
                var rules = refused.FailedRules.Count > 0 ? refused.FailedRules : ["rejected"];
                return new PasswordOutcome.Refused(rules, PasswordRules.Explain(rules[0]));
            case CarrierResult<PasswordChange>.AuthRejected rejected:
                credential.PendingPasswordCipher = null;
                AccountLedger.Apply(db, account, new ConnectionEvent.AuthRejected(rejected.Reason), userId);
                await db.SaveChangesAsync(cancellationToken);
                tokens.Forget(account.Id);
                return new PasswordOutcome.ReconnectRequired(account, rejected.Reason);
            case CarrierResult<PasswordChange>.Transient { MayHaveBeenProcessed: true } transient:
                logger.LogWarning("The answer to a password change for account {AccountId} was lost; the pending password is kept.", account.Id);
                return new PasswordOutcome.Unavailable($"{transient.Reason} CarrierLink will check which password works the next time it signs in.", transient.RetryAfter);
            default:
                credential.PendingPasswordCipher = null;
                await db.SaveChangesAsync(cancellationToken);
                return Refusal(answer);
        }
    }

    private IPasswordCarrierClient Client(string carrier) =>
        clients.FirstOrDefault(c => c.Carrier == carrier) ?? throw new InvalidOperationException($"No password client for {carrier}.");

    private static PasswordOutcome Refusal<T>(CarrierResult<T> result) => result switch
    {
        CarrierResult<T>.AuthRejected { TellsTheMerchant: true } r => new PasswordOutcome.Refused([], r.Reason),
        CarrierResult<T>.AuthRejected => new PasswordOutcome.Refused([], "Stamps.com did not accept this username and password."),
        CarrierResult<T>.Transient t => new PasswordOutcome.Unavailable(t.Reason, t.RetryAfter),
        CarrierResult<T>.Suspended s => new PasswordOutcome.NotAllowed(s.Reason),
        CarrierResult<T>.Invalid i => new PasswordOutcome.Refused([], i.Message),
        _ => new PasswordOutcome.NotAllowed("Stamps.com could not be used."),
    };
}
