using System.Collections.Concurrent;
using CarrierLink.Carriers.OAuth;
using CarrierLink.Web.Accounts;
using CarrierLink.Web.Data;
using CarrierLink.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CarrierLink.Web.Tokens;

/// <summary>
/// Hands out a working access token per account. Tokens are cached in memory; a token near its
/// expiry (or one the carrier just rejected) is refreshed, and concurrent callers for one account
/// share that single refresh. The rotated refresh token is stored before the new access token is
/// handed to anyone, so losing the process never leaves us holding only a used refresh token.
/// </summary>
public sealed class CarrierAccessTokens(
    IServiceScopeFactory scopes,
    IEnumerable<IOAuthCarrierClient> clients,
    IEnumerable<IPasswordCarrierClient> passwordClients,
    SecretProtector secrets,
    TimeProvider time,
    IOptions<TokenOptions> options,
    ILogger<CarrierAccessTokens> logger)
{
    private readonly ConcurrentDictionary<Guid, CachedToken> _cache = new();
    private readonly ConcurrentDictionary<Guid, Lazy<Task<CarrierResult<string>>>> _refreshes = new();
    private readonly TokenOptions _options = options.Value;

    private sealed record CachedToken(string AccessToken, DateTimeOffset ExpiresAt);

    /// <param name="rejectedToken">The token the carrier just refused: a refresh is forced unless someone already replaced it.</param>
    public async Task<CarrierResult<string>> GetAsync(Guid accountId, string carrier, string? rejectedToken, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue(accountId, out var cached) && IsUsable(cached) && cached.AccessToken != rejectedToken)
            return new CarrierResult<string>.Success(cached.AccessToken);

        var refresh = _refreshes.GetOrAdd(accountId, id => new Lazy<Task<CarrierResult<string>>>(() => RefreshAsync(id, carrier, rejectedToken)));
        try
        {
            return await refresh.Value.WaitAsync(cancellationToken);
        }
        finally
        {
            // Only the finished refresh is removed; a newer one started by someone else stays.
            if (refresh.Value.IsCompleted) _refreshes.TryRemove(new KeyValuePair<Guid, Lazy<Task<CarrierResult<string>>>>(accountId, refresh));
        }
    }

    /// <summary>Forgets a cached token (after reconnecting or removing the account).</summary>
    public void Forget(Guid accountId) => _cache.TryRemove(accountId, out _);

    private bool IsUsable(CachedToken token) => token.ExpiresAt - TimeSpan.FromSeconds(_options.RefreshMarginSeconds) > time.GetUtcNow();

    private async Task<CarrierResult<string>> RefreshAsync(Guid accountId, string carrier, string? rejectedToken)
    {
        // Note: waiters share this task, so it must not die with the first caller's cancellation.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(_options.RefreshTimeoutSeconds));
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CarrierLinkDb>();
        var credential = await db.CarrierCredentials.FirstOrDefaultAsync(c => c.AccountId == accountId, timeout.Token);
        if (credential is null || (credential.AccessTokenCipher is null && credential.PasswordCipher is null))
            return new CarrierResult<string>.AuthRejected("CarrierLink holds no credentials for this account.");

        // Another request or instance may have stored a fresh token since ours was cached. (A
        // password account has none right after its password changed: it simply signs in again.)
        if (credential.AccessTokenCipher is not null)
        {
            var stored = new CachedToken(secrets.Unprotect(credential.AccessTokenCipher), new DateTimeOffset(credential.AccessTokenExpiresAt ?? DateTime.MinValue, TimeSpan.Zero));
            if (IsUsable(stored) && stored.AccessToken != rejectedToken)
            {
                _cache[accountId] = stored;
                return new CarrierResult<string>.Success(stored.AccessToken);
            }
        }
        var account = await db.CarrierAccounts.FirstAsync(a => a.Id == accountId, timeout.Token);
        var result = credential.PasswordCipher is not null
            ? await RenewByPasswordAsync(db, account, credential, carrier, timeout.Token)
            : await RenewByRefreshTokenAsync(credential, carrier, timeout.Token);
        if (result is not CarrierResult<TokenSet>.Success success)
        {
            _cache.TryRemove(accountId, out _);
            return result.Relay<string>();
        }

        var tokens = success.Value;
        credential.AccessTokenCipher = secrets.Protect(tokens.AccessToken);
        credential.AccessTokenExpiresAt = tokens.AccessTokenExpiresAt.UtcDateTime;
        if (tokens.RefreshToken is not null)
        {
            credential.RefreshTokenCipher = secrets.Protect(tokens.RefreshToken);
            credential.RefreshTokenExpiresAt = tokens.RefreshTokenExpiresAt?.UtcDateTime ?? credential.RefreshTokenExpiresAt;
        }
        AccountLedger.Record(db, account, "token_refreshed", "CarrierLink renewed its access to the carrier.");
        await SaveRotationAsync(db, accountId, timeout.Token);
        _cache[accountId] = new CachedToken(tokens.AccessToken, tokens.AccessTokenExpiresAt);
        logger.LogInformation("Refreshed the access token of account {AccountId}.", accountId);
        return new CarrierResult<string>.Success(tokens.AccessToken);
    }

    private async Task<CarrierResult<TokenSet>> RenewByRefreshTokenAsync(CarrierCredential credential, string carrier, CancellationToken cancellationToken)
    {
        if (credential.RefreshTokenCipher is null)
            return new CarrierResult<TokenSet>.AuthRejected("The carrier gave CarrierLink no way to renew this connection.");
        var client = clients.FirstOrDefault(c => c.Carrier == carrier)
            ?? throw new InvalidOperationException($"No OAuth client for {carrier}.");
        return await client.RefreshAsync(secrets.Unprotect(credential.RefreshTokenCipher), cancellationToken);
    }

    /// <summary>
    /// Authenticates with the stored password. If a password change was sent but its answer never
    /// came (PendingPasswordCipher is set), the pending password is tried before concluding that the
    /// connection is broken, and promoted when it is the one that works.
    /// </summary>
    private async Task<CarrierResult<TokenSet>> RenewByPasswordAsync(CarrierLinkDb db, CarrierAccount account, CarrierCredential credential, string carrier, CancellationToken cancellationToken)
    {
        var client = passwordClients.FirstOrDefault(c => c.Carrier == carrier)
            ?? throw new InvalidOperationException($"No password client for {carrier}.");
        var username = secrets.Unprotect(credential.UsernameCipher!);
        var result = await client.AuthenticateAsync(username, secrets.Unprotect(credential.PasswordCipher!), cancellationToken);
        if (result is CarrierResult<TokenSet>.AuthRejected && credential.PendingPasswordCipher is { } pending)
        {
            var second = await client.AuthenticateAsync(username, secrets.Unprotect(pending), cancellationToken);
            if (second is CarrierResult<TokenSet>.Success)
            {
                credential.PasswordCipher = pending;
                credential.PendingPasswordCipher = null;
                AccountLedger.Record(db, account, "password_changed", "The new One Balance password had been accepted by Stamps.com; CarrierLink now uses it.");
                return second;
            }
        }
        return result;
    }

    /// <summary>
    /// The carrier has already invalidated the old refresh token, so the new one must be stored:
    /// a transient database error gets a few more tries before giving up.
    /// </summary>
    private async Task SaveRotationAsync(CarrierLinkDb db, Guid accountId, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (DbUpdateException e) when (attempt < 3 && e is not DbUpdateConcurrencyException)
            {
                logger.LogWarning("Storing the rotated token of account {AccountId} failed (attempt {Attempt}); retrying.", accountId, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), cancellationToken);
            }
        }
    }
}
