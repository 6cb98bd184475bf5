using System.Collections.Concurrent;
using CarrierLink.Carriers.OAuth;
using CarrierLink.Web.Security;
using CarrierLink.Web.Telemetry;
using Microsoft.Extensions.Options;

namespace CarrierLink.Web.Tokens;

/// <summary>Why a token is wanted, which decides whether the stored one will do.</summary>
public enum RenewalKind
{
    /// <summary>An operation needs a token: renew only when the stored one is near expiry or was just refused.</summary>
    ForUse,
    /// <summary>The health engine renews ahead of expiry, so operations never wait on a refresh.</summary>
    Ahead,
    /// <summary>Prove the grant still works with the carrier (USPS: a refresh, as its access tokens outlive a revocation).</summary>
    Probe,
}

/// <summary>
/// Hands out a working access token per account, on any number of nodes. Concurrent callers in one
/// process share one renewal (single flight); across nodes a lease on the credential row makes exactly
/// one node call the carrier, and the others wait for the stored result (see Renewal.cs). Tokens are
/// kept in a bounded memory cache.
/// </summary>
public sealed partial class CarrierAccessTokens(
    IServiceScopeFactory scopes,
    IEnumerable<IOAuthCarrierClient> clients,
    IEnumerable<IPasswordCarrierClient> passwordClients,
    IEnumerable<CarrierLink.Carriers.Registration.IRegistrationCarrierClient> registrationClients,
    SecretProtector secrets,
    TokenCache cache,
    TimeProvider time,
    IOptions<TokenOptions> options,
    CarrierLinkMetrics metrics,
    ILogger<CarrierAccessTokens> logger)
{
    // Note: keyed by kind too, so a probe never settles for an operation's renewal that found the stored token fresh.
    private readonly ConcurrentDictionary<(Guid, RenewalKind), Lazy<Task<CarrierResult<string>>>> _renewals = new();
    private readonly TokenOptions _options = options.Value;

    /// <param name="rejectedToken">The token the carrier just refused: a refresh is forced unless someone already replaced it.</param>
    public Task<CarrierResult<string>> GetAsync(Guid accountId, string carrier, string? rejectedToken, CancellationToken cancellationToken)
    {
        if (cache.Find(accountId) is { } cached && IsUsable(cached) && cached.AccessToken != rejectedToken)
            return Task.FromResult<CarrierResult<string>>(new CarrierResult<string>.Success(cached.AccessToken));
        return ShareAsync((accountId, RenewalKind.ForUse), () => RenewAsync(accountId, carrier, RenewalKind.ForUse, rejectedToken), cancellationToken);
    }

    /// <summary>The health engine's renewals: ahead of expiry, or a probe of the grant.</summary>
    public Task<CarrierResult<string>> RenewAsync(Guid accountId, string carrier, RenewalKind kind, CancellationToken cancellationToken) =>
        ShareAsync((accountId, kind), () => RenewAsync(accountId, carrier, kind, rejectedToken: null), cancellationToken);

    /// <summary>Forgets a cached token (after reconnecting or removing the account).</summary>
    public void Forget(Guid accountId) => cache.Forget(accountId);

    private async Task<CarrierResult<string>> ShareAsync((Guid, RenewalKind) key, Func<Task<CarrierResult<string>>> renew, CancellationToken cancellationToken)
    {
        var renewal = _renewals.GetOrAdd(key, _ => new Lazy<Task<CarrierResult<string>>>(renew));
        try
        {
            return await renewal.Value.WaitAsync(cancellationToken);
        }
        finally
        {
            // Only the finished renewal is removed; a newer one started by someone else stays.
            if (renewal.Value.IsCompleted) _renewals.TryRemove(new KeyValuePair<(Guid, RenewalKind), Lazy<Task<CarrierResult<string>>>>(key, renewal));
        }
    }

    private bool IsUsable(TokenCache.Entry token) => token.ExpiresAt - TimeSpan.FromSeconds(_options.RefreshMarginSeconds) > time.GetUtcNow();
}
