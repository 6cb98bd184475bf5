using CarrierLink.Carriers.OAuth;
using CarrierLink.Web.Accounts;
using CarrierLink.Web.Data;
using CarrierLink.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CarrierLink.Web.Connect;

public abstract record ConnectOutcome
{
    private ConnectOutcome() { }

    public sealed record Connected(CarrierAccount Account, bool WasReconnect) : ConnectOutcome;

    /// <summary>Another carrier account signed in; its grant waits for the merchant to decide.</summary>
    public sealed record DifferentAccount(CarrierAccount Account, Guid PendingGrantId) : ConnectOutcome;

    /// <summary>Nothing changed; <paramref name="Message"/> is safe to show the merchant.</summary>
    public sealed record Failed(Guid? AccountId, string Carrier, string Title, string Message) : ConnectOutcome;
}

/// <summary>
/// The redirect dance with an OAuth carrier: start (state + PKCE, then the carrier's consent page)
/// and complete (check the state, exchange the code, learn which carrier account signed in, store
/// the tokens encrypted, move the account to connected).
/// </summary>
public sealed class OAuthConnectFlow(
    CarrierLinkDb db,
    IEnumerable<IOAuthCarrierClient> clients,
    IEnumerable<CarrierLink.Carriers.Shipping.IShippingCarrierClient> shippingClients,
    SecretProtector secrets,
    IOptions<ConnectOptions> options,
    Tokens.CarrierAccessTokens accessTokens,
    ILogger<OAuthConnectFlow> logger)
{
    private readonly ConnectOptions _options = options.Value;

    public bool Supports(string carrier) => FindClient(carrier) is { IsConfigured: true };

    /// <summary>Records a fresh state for this merchant and account and returns the carrier's consent URL.</summary>
    public async Task<Uri> StartAsync(CarrierAccount account, Guid? userId, CancellationToken cancellationToken)
    {
        var client = FindClient(account.Carrier) ?? throw new InvalidOperationException($"No OAuth client for {account.Carrier}.");
        var state = SecureTokens.New256Bit();
        var verifier = client.UsesPkce ? Pkce.NewVerifier() : null;
        var redirectUri = _options.CallbackFor(account.Carrier);
        var now = db.UtcNow;
        db.OAuthStates.Add(new OAuthState
        {
            StateHash = SecureTokens.Sha256Hex(state),
            MerchantId = account.MerchantId,
            AccountId = account.Id,
            UserId = userId,
            Carrier = account.Carrier,
            RedirectUri = redirectUri.ToString(),
            CodeVerifierCipher = secrets.ProtectOrNull(verifier),
            CreatedAt = now,
            ExpiresAt = now.AddMinutes(_options.AuthorizationMinutes),
        });
        await db.SaveChangesAsync(cancellationToken);
        return client.BuildAuthorizationUrl(new AuthorizationRequest(state, redirectUri, verifier is null ? null : Pkce.ChallengeFor(verifier)));
    }

    public async Task<ConnectOutcome> CompleteAsync(string carrier, Guid merchantId, CallbackParameters callback, CancellationToken cancellationToken)
    {
        var client = FindClient(carrier);
        if (client is null) return Fail(null, carrier, "Unknown carrier", "CarrierLink does not connect to this carrier through a sign-in page.");
        if (string.IsNullOrEmpty(callback.State))
            return Fail(null, carrier, "This sign-in cannot be finished", "The carrier sent you back without the link CarrierLink gave it. Start again from Carrier Settings.");

        var stateHash = SecureTokens.Sha256Hex(callback.State);
        var pending = await db.OAuthStates.AsNoTracking().FirstOrDefaultAsync(s => s.StateHash == stateHash, cancellationToken);
        // Note: a state of another merchant answers exactly like an unknown one, so it reveals nothing.
        if (pending is null || pending.MerchantId != merchantId || pending.Carrier != carrier)
            return Fail(null, carrier, "This sign-in cannot be finished", "CarrierLink does not recognise this sign-in. Start again from Carrier Settings.");

        var account = await db.CarrierAccounts.FirstOrDefaultAsync(a => a.Id == pending.AccountId && a.MerchantId == merchantId, cancellationToken);
        if (account is null || account.State == ConnectionState.Disconnected)
            return Fail(null, carrier, "This account was removed", "The account this sign-in was for no longer exists in CarrierLink.");

        var now = db.UtcNow;
        // Back or reload after finishing: the link did its job, so show the account as it is, not an error.
        if (pending.ConsumedAt is { } usedAt && await AuthorizedByAsync(account, pending, usedAt, cancellationToken) is { } authorization)
            return new ConnectOutcome.Connected(account, WasReconnect: authorization != "connected");
        if (pending.ConsumedAt is not null)
            return await RefuseAsync(account, "connect_refused", "This sign-in link was already used", "A sign-in link works once. Start again with Login.", "A carrier callback reused an old sign-in link.", cancellationToken);
        if (pending.ExpiresAt <= now)
        {
            // Never exchanged now, so its verifier goes at once; the state stays unused so a reload still reads "took too long".
            await db.OAuthStates.Where(s => s.Id == pending.Id && s.CodeVerifierCipher != null)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.CodeVerifierCipher, (string?)null), cancellationToken);
            return await RefuseAsync(account, "connect_refused", "This sign-in took too long", $"The sign-in must be finished within {_options.AuthorizationMinutes} minutes. Start again with Login.", "A carrier callback arrived after the sign-in link expired.", cancellationToken);
        }

        // Single use even under a double submit: only the request that flips consumed_at goes on.
        // The PKCE verifier goes with it: this request holds the copy it needs, and a used state keeps no secret.
        var claimed = await db.OAuthStates.Where(s => s.Id == pending.Id && s.ConsumedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.ConsumedAt, now).SetProperty(x => x.CodeVerifierCipher, (string?)null), cancellationToken);
        if (claimed != 1)
            return await RefuseAsync(account, "connect_refused", "This sign-in link was already used", "A sign-in link works once. Start again with Login.", "A carrier callback reused an old sign-in link.", cancellationToken);

        if (callback.Error is not null)
        {
            return callback.Error == "access_denied"
                ? await RefuseAsync(account, "connect_declined", "You did not authorize CarrierLink", $"{Name(carrier)} says access was declined, so nothing changed. You can try again with Login whenever you are ready.", "The merchant declined access on the carrier's consent page.", cancellationToken)
                : await RefuseAsync(account, "connect_failed", "The carrier could not authorize CarrierLink", $"{Name(carrier)} returned an error ({Trim(callback.Error)}). Nothing changed; try again with Login.", $"The carrier returned error '{Trim(callback.Error)}'.", cancellationToken);
        }
        if (string.IsNullOrEmpty(callback.Code))
            return await RefuseAsync(account, "connect_failed", "The carrier did not finish the sign-in", "The carrier sent you back without an authorization. Try again with Login.", "The carrier callback carried no code.", cancellationToken);

        var verifier = secrets.UnprotectOrNull(pending.CodeVerifierCipher);
        var exchange = await client.ExchangeCodeAsync(callback.Code, new Uri(pending.RedirectUri), verifier, cancellationToken);
        return exchange switch
        {
            CarrierResult<TokenSet>.Success success => await AcceptAsync(client, account, success.Value, pending.UserId, cancellationToken),
            CarrierResult<TokenSet>.Transient transient => await RefuseAsync(account, "connect_failed", $"{Name(carrier)} is having trouble", $"{Name(carrier)} did not answer properly ({transient.Reason}). Nothing changed; try again in a few minutes.", $"Code exchange failed: {transient.Reason}", cancellationToken),
            CarrierResult<TokenSet>.Invalid invalid => await RefuseAsync(account, "connect_failed", "The carrier refused the authorization", invalid.Message, $"Code exchange refused: {invalid.Message}", cancellationToken),
            CarrierResult<TokenSet>.AuthRejected rejected => await RefuseAsync(account, "connect_failed", "The carrier refused the authorization", rejected.Reason, $"Code exchange refused: {rejected.Reason}", cancellationToken),
            _ => throw new InvalidOperationException("Unhandled carrier result."),
        };
    }

    /// <summary>
    /// The timeline entry of the authorization this used link produced (same person, at or after its use), while
    /// the account is still connected; null when the link is being reused for anything else.
    /// </summary>
    private async Task<string?> AuthorizedByAsync(CarrierAccount account, OAuthState used, DateTime usedAt, CancellationToken cancellationToken)
    {
        if (account.State != ConnectionState.Connected) return null;
        string[] authorizations = ["connected", "reconnected", "reauthorized"];
        return await db.AccountEvents.AsNoTracking()
            .Where(e => e.AccountId == account.Id && e.At >= usedAt && e.UserId == used.UserId && authorizations.Contains(e.Type))
            .OrderBy(e => e.Id)
            .Select(e => e.Type)
            .FirstOrDefaultAsync(cancellationToken);
    }

    private async Task<ConnectOutcome> AcceptAsync(IOAuthCarrierClient client, CarrierAccount account, TokenSet tokens, Guid? userId, CancellationToken cancellationToken)
    {
        if (tokens.Identity is null && CarrierLink.Carriers.Catalog.CarrierCatalog.Get(account.Carrier).AccountDetailsBeforeSignIn)
        {
            // UPS's token names no account: the shipper number on file is the account, and the carrier must confirm the
            // login that just signed in may use it. That is the same-account check: another login cannot take it over.
            var (confirmed, refusal) = await ConfirmAccountOnFileAsync(client, account, tokens, cancellationToken);
            if (refusal is not null) return refusal;
            tokens = tokens with { Identity = confirmed };
        }
        // USPS's published claims need not name the account: a named user is enough to connect, and the merchant
        // enters the account numbers on Edit (docs/decisions/0005). A grant naming nobody cannot be told apart from another's.
        if (tokens.Identity is null && string.IsNullOrEmpty(tokens.Subject))
        {
            await RevokeQuietlyAsync(client, tokens, cancellationToken);
            return await RefuseAsync(account, "connect_failed", "The carrier did not say which account signed in", "CarrierLink could not tell which business account authorized it, so it did not save the connection. Try again with Login.", "The token response named no carrier account.", cancellationToken);
        }
        if (tokens.Identity is not null && account.CarrierAccountId is not null && account.CarrierAccountId != tokens.Identity.AccountNumber)
        {
            // Replacing silently would move labels and history onto someone else's account: hold
            // the new grant (encrypted, briefly) and ask the merchant.
            var grant = new PendingGrant
            {
                AccountId = account.Id,
                MerchantId = account.MerchantId,
                AccessTokenCipher = secrets.Protect(tokens.AccessToken),
                AccessTokenExpiresAt = tokens.AccessTokenExpiresAt.UtcDateTime,
                RefreshTokenCipher = secrets.ProtectOrNull(tokens.RefreshToken),
                RefreshTokenExpiresAt = tokens.RefreshTokenExpiresAt?.UtcDateTime,
                IdentityJson = AccountIdentity.ToJson(tokens.Identity),
                ExpiresAt = db.UtcNow.AddMinutes(_options.AuthorizationMinutes),
            };
            db.PendingGrants.Add(grant);
            AccountLedger.Record(db, account, "different_account", $"A different carrier account ({tokens.Identity.Masked()}) signed in; waiting for the merchant to decide.", userId);
            await db.SaveChangesAsync(cancellationToken);
            return new ConnectOutcome.DifferentAccount(account, grant.Id);
        }

        await StoreGrantAsync(account, tokens, cancellationToken);
        var wasReconnect = account.State != ConnectionState.Pending;
        AccountLedger.Apply(db, account, new ConnectionEvent.Authorized(), userId);
        await db.SaveChangesAsync(cancellationToken);
        accessTokens.Forget(account.Id);
        logger.LogInformation("Account {AccountId} authorized at {Carrier} ({Identity}).", account.Id, account.Carrier, tokens.Identity?.Masked() ?? "account not named");
        return new ConnectOutcome.Connected(account, wasReconnect);
    }

    private async Task<(CarrierAccountIdentity? Identity, ConnectOutcome? Refusal)> ConfirmAccountOnFileAsync(
        IOAuthCarrierClient client, CarrierAccount account, TokenSet tokens, CancellationToken cancellationToken)
    {
        var carrier = Name(account.Carrier);
        var onFile = AccountIdentity.Of(account);
        if (onFile is null || shippingClients.FirstOrDefault(c => c.Carrier == account.Carrier) is not CarrierLink.Carriers.Shipping.IAccountDetailsCheck check)
        {
            await RevokeQuietlyAsync(client, tokens, cancellationToken);
            return (null, await RefuseAsync(account, "connect_failed", "CarrierLink does not know which account to use",
                $"Add the {carrier} account again with its account number.", "No account number on file to confirm the sign-in against.", cancellationToken));
        }
        var answer = await check.ConfirmAccountDetailsAsync(new CarrierLink.Carriers.Shipping.CarrierSession(tokens.AccessToken, onFile), cancellationToken);
        if (answer is CarrierResult<bool>.Success) return (onFile, null);
        await RevokeQuietlyAsync(client, tokens, cancellationToken);
        return (null, answer switch
        {
            CarrierResult<bool>.Transient transient => await RefuseAsync(account, "connect_failed", $"{carrier} is having trouble",
                $"{carrier} could not confirm the account ({transient.Reason}). Nothing changed; try again in a few minutes.", $"Account check failed: {transient.Reason}", cancellationToken),
            _ => await RefuseAsync(account, "different_account_refused", $"This {carrier} login cannot use account {onFile.Masked()}",
                $"The {carrier} login you signed in with may not ship with account {onFile.Masked()}, which this connection uses, so nothing changed. " +
                $"Sign in with the {carrier} login that owns it, or add the other account as a new account.",
                $"A {carrier} login that may not use account {onFile.Masked()} signed in; its grant was revoked.", cancellationToken),
        });
    }

    /// <summary>The merchant chose to replace the account on file with the one that signed in.</summary>
    public async Task<ConnectOutcome> ReplaceAsync(CarrierAccount account, Guid grantId, Guid? userId, CancellationToken cancellationToken)
    {
        var grant = await FindGrantAsync(account, grantId, cancellationToken);
        if (grant is null) return Fail(account.Id, account.Carrier, "This choice has expired", "Sign in again with Login to reconnect the account.");
        var previous = MaskedIdentity(account);
        var identity = AccountIdentity.FromJson(grant.IdentityJson);
        var tokens = new TokenSet(secrets.Unprotect(grant.AccessTokenCipher), new DateTimeOffset(grant.AccessTokenExpiresAt, TimeSpan.Zero),
            secrets.UnprotectOrNull(grant.RefreshTokenCipher), grant.RefreshTokenExpiresAt is { } r ? new DateTimeOffset(r, TimeSpan.Zero) : null, identity);
        var oldRefresh = await OldRefreshTokenAsync(account, cancellationToken);
        await StoreGrantAsync(account, tokens, cancellationToken);
        db.PendingGrants.Remove(grant);
        AccountLedger.Record(db, account, "account_replaced", $"The connection now uses carrier account {identity.Masked()} instead of {previous}.", userId);
        AccountLedger.Apply(db, account, new ConnectionEvent.Authorized(), userId);
        await db.SaveChangesAsync(cancellationToken);
        accessTokens.Forget(account.Id);
        if (oldRefresh is not null) await RevokeQuietlyAsync(FindClient(account.Carrier)!, oldRefresh, cancellationToken);
        return new ConnectOutcome.Connected(account, WasReconnect: true);
    }

    /// <summary>The merchant kept the account on file: the other account's grant is revoked and forgotten.</summary>
    public async Task DiscardAsync(CarrierAccount account, Guid grantId, Guid? userId, CancellationToken cancellationToken)
    {
        var grant = await FindGrantAsync(account, grantId, cancellationToken);
        if (grant is null) return;
        if (secrets.UnprotectOrNull(grant.RefreshTokenCipher) is { } refresh) await RevokeQuietlyAsync(FindClient(account.Carrier)!, refresh, cancellationToken);
        db.PendingGrants.Remove(grant);
        AccountLedger.Record(db, account, "replacement_declined", "The merchant kept the original carrier account; the other sign-in was revoked.", userId);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<PendingGrant?> FindGrantAsync(CarrierAccount account, Guid grantId, CancellationToken cancellationToken)
    {
        var now = db.UtcNow;
        return await db.PendingGrants.FirstOrDefaultAsync(g => g.Id == grantId && g.AccountId == account.Id && g.MerchantId == account.MerchantId && g.ExpiresAt > now, cancellationToken);
    }

    private async Task<string?> OldRefreshTokenAsync(CarrierAccount account, CancellationToken cancellationToken) =>
        secrets.UnprotectOrNull((await db.CarrierCredentials.AsNoTracking().FirstOrDefaultAsync(c => c.AccountId == account.Id, cancellationToken))?.RefreshTokenCipher);

    /// <summary>Puts a grant's tokens (encrypted) and the carrier's ids on the account, in the caller's unit of work.</summary>
    private async Task StoreGrantAsync(CarrierAccount account, TokenSet tokens, CancellationToken cancellationToken)
    {
        var credential = await db.CarrierCredentials.FirstOrDefaultAsync(c => c.AccountId == account.Id, cancellationToken);
        if (credential is null)
        {
            credential = new CarrierCredential { AccountId = account.Id };
            db.CarrierCredentials.Add(credential);
        }
        credential.AccessTokenCipher = secrets.Protect(tokens.AccessToken);
        credential.AccessTokenExpiresAt = tokens.AccessTokenExpiresAt.UtcDateTime;
        credential.RefreshTokenCipher = secrets.ProtectOrNull(tokens.RefreshToken);
        credential.RefreshTokenExpiresAt = tokens.RefreshTokenExpiresAt?.UtcDateTime;

        if (tokens.Identity is not null) AccountIdentity.Apply(account, tokens.Identity);
    }

    private async Task<ConnectOutcome> RefuseAsync(CarrierAccount account, string eventType, string title, string message, string timelineDetail, CancellationToken cancellationToken)
    {
        AccountLedger.Record(db, account, eventType, timelineDetail);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Carrier callback for account {AccountId} refused: {Detail}", account.Id, timelineDetail);
        return new ConnectOutcome.Failed(account.Id, account.Carrier, title, message);
    }

    private static ConnectOutcome.Failed Fail(Guid? accountId, string carrier, string title, string message) => new(accountId, carrier, title, message);

    private async Task RevokeQuietlyAsync(IOAuthCarrierClient client, TokenSet tokens, CancellationToken cancellationToken)
    {
        if (tokens.RefreshToken is not null) await RevokeQuietlyAsync(client, tokens.RefreshToken, cancellationToken);
    }

    private async Task RevokeQuietlyAsync(IOAuthCarrierClient client, string refreshToken, CancellationToken cancellationToken)
    {
        if (await client.RevokeAsync(refreshToken, cancellationToken) is not CarrierResult<bool>.Success)
            logger.LogWarning("Could not revoke an unused {Carrier} grant; it expires on its own.", client.Carrier);
    }

    private IOAuthCarrierClient? FindClient(string carrier) => clients.FirstOrDefault(c => c.Carrier == carrier);

    private static string Name(string carrier) => CarrierLink.Carriers.Catalog.CarrierCatalog.Find(carrier)?.ShortName ?? carrier;

    private static string MaskedIdentity(CarrierAccount account) =>
        new CarrierAccountIdentity(account.CarrierAccountId!, account.CarrierSubAccountId).Masked();

    private static string Trim(string value) => value.Length > 60 ? value[..60] : value;
}

/// <summary>What the carrier put on the callback URL.</summary>
public sealed record CallbackParameters(string? Code, string? State, string? Error);
