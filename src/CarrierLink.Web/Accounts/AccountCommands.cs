using System.Text.Json;
using CarrierLink.Carriers.Catalog;
using CarrierLink.Carriers.OAuth;
using CarrierLink.Web.Connect;
using CarrierLink.Web.Connect.Methods;
using CarrierLink.Web.Data;
using CarrierLink.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace CarrierLink.Web.Accounts;

public abstract record AccountCommandResult
{
    private AccountCommandResult() { }
    public sealed record Done(CarrierAccount Account) : AccountCommandResult;
    public sealed record Rejected(IDictionary<string, string[]> Errors) : AccountCommandResult;

    public static Rejected Error(string field, string message) => new(new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>Creating, editing and removing carrier accounts, shared by the API and the pages.</summary>
public sealed class AccountCommands(
    CarrierLinkDb db,
    ConnectMethods methods,
    IEnumerable<IOAuthCarrierClient> oauthClients,
    SecretProtector secrets,
    Tokens.CarrierAccessTokens tokens,
    IEnumerable<CarrierLink.Carriers.Shipping.IShippingCarrierClient> shippingClients,
    ILogger<AccountCommands> logger)
{
    public const int MaxNicknameLength = 100;
    public const int MaxSettingsBytes = 16 * 1024;

    /// <summary>Carriers a merchant can add today: those whose connect method has a configured client.</summary>
    public bool CanConnect(string carrier) => methods.CanConnect(carrier);

    /// <summary>Carriers whose accounts can run shipping operations here.</summary>
    public bool CanShip(string carrier) => shippingClients.Any(c => c.Carrier == carrier);

    /// <summary>
    /// Connects a new account by its carrier's method: a sign-in page to go to (pending until the callback), a password
    /// verified at once, or a registration that may ask for proof first.
    /// </summary>
    public async Task<ConnectStep> CreateAsync(Guid merchantId, string? carrier, string? nickname, ConnectInput input, Guid? userId, CancellationToken cancellationToken)
    {
        var descriptor = CarrierCatalog.Find(carrier);
        if (descriptor is null)
            return new ConnectStep.Refused("carrier", $"must be one of: {string.Join(", ", CarrierCatalog.All.Select(c => c.Code))}");
        if (!methods.CanConnect(descriptor))
            return new ConnectStep.Refused("carrier", $"{descriptor.Name} accounts cannot be connected in this CarrierLink yet");
        if (NicknameError(nickname) is { } nicknameError) return new ConnectStep.Refused("nickname", nicknameError);
        return await methods.For(descriptor).ConnectAsync(new NewConnection(merchantId, descriptor, nickname!.Trim(), input, userId), cancellationToken);
    }

    public async Task<AccountCommandResult> UpdateAsync(CarrierAccount account, string? nickname, JsonElement? settings, Guid? userId, CancellationToken cancellationToken)
    {
        if (account.State == ConnectionState.Disconnected)
            return AccountCommandResult.Error("id", "this account was removed and can no longer be edited");
        if (nickname is not null)
        {
            if (ValidateNickname(nickname) is { } nicknameError) return nicknameError;
            var trimmed = nickname.Trim();
            if (trimmed != account.Nickname)
            {
                AccountLedger.Record(db, account, "renamed", $"Renamed from \"{account.Nickname}\" to \"{trimmed}\".", userId);
                account.Nickname = trimmed;
            }
        }
        if (settings is { } value)
        {
            if (value.ValueKind != JsonValueKind.Object) return AccountCommandResult.Error("settings", "must be a JSON object");
            var text = value.GetRawText();
            if (text.Length > MaxSettingsBytes) return AccountCommandResult.Error("settings", $"must be at most {MaxSettingsBytes} bytes");
            if (text != account.SettingsJson)
            {
                account.SettingsJson = text;
                AccountLedger.Record(db, account, "settings_changed", "The account's settings were changed.", userId);
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        return new AccountCommandResult.Done(account);
    }

    /// <summary>
    /// Revokes the grant at the carrier where it can and wipes the stored credentials. The account
    /// row stays (state disconnected) so its labels and timeline remain readable.
    /// </summary>
    public async Task DisconnectAsync(CarrierAccount account, Guid? userId, CancellationToken cancellationToken)
    {
        if (account.State == ConnectionState.Disconnected) return;
        var credential = await db.CarrierCredentials.FirstOrDefaultAsync(c => c.AccountId == account.Id, cancellationToken);
        var carrier = CarrierCatalog.Get(account.Carrier);
        if (credential?.RefreshTokenCipher is not null && !carrier.CanRevokeGrants)
            AccountLedger.Record(db, account, "revoke_unavailable",
                $"{carrier.ShortName} offers no way to revoke an authorization from CarrierLink: CarrierLink's copy was wiped, and the merchant can remove CarrierLink in their {carrier.ShortName} account.", userId);
        else if (credential?.RefreshTokenCipher is { } cipher && oauthClients.FirstOrDefault(c => c.Carrier == account.Carrier) is { } client)
        {
            var revoked = await client.RevokeAsync(secrets.Unprotect(cipher), cancellationToken);
            // The merchant asked for the account to be gone: a carrier outage must not keep our copy
            // of the grant alive, so we wipe it anyway and say so in the timeline.
            AccountLedger.Record(db, account, revoked is CarrierResult<bool>.Success ? "revoked" : "revoke_failed",
                revoked is CarrierResult<bool>.Success
                    ? "The grant was revoked at the carrier."
                    : "The carrier could not be asked to revoke the grant; CarrierLink's copy was wiped and it will expire at the carrier.", userId);
            if (revoked is not CarrierResult<bool>.Success) logger.LogWarning("Revoking account {AccountId} at {Carrier} failed; credentials wiped anyway.", account.Id, account.Carrier);
        }
        if (credential is not null) db.CarrierCredentials.Remove(credential);
        tokens.Forget(account.Id);
        await db.OAuthStates.Where(s => s.AccountId == account.Id && s.ConsumedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.ConsumedAt, db.UtcNow).SetProperty(x => x.CodeVerifierCipher, (string?)null), cancellationToken);
        AccountLedger.Apply(db, account, new ConnectionEvent.Removed(), userId);
        await db.SaveChangesAsync(cancellationToken);
    }

    private static AccountCommandResult.Rejected? ValidateNickname(string? nickname) =>
        NicknameError(nickname) is { } error ? AccountCommandResult.Error("nickname", error) : null;

    private static string? NicknameError(string? nickname)
    {
        var trimmed = nickname?.Trim() ?? "";
        if (trimmed.Length == 0) return "is required";
        if (trimmed.Length > MaxNicknameLength) return $"must be at most {MaxNicknameLength} characters";
        if (trimmed.Any(char.IsControl)) return "must not contain control characters";
        // A right-to-left override makes "Warehouse" read differently on every page and in the agent queue (issue 13).
        if (trimmed.AsSpan().ContainsAny(BidiControls)) return "must not contain text-direction control characters";
        return null;
    }

    /// <summary>Unicode's explicit direction marks, embeddings, overrides and isolates (LRM, RLM, LRE...RLO, LRI...PDI).</summary>
    private static readonly System.Buffers.SearchValues<char> BidiControls =
        System.Buffers.SearchValues.Create("‎‏‪‫‬‭‮⁦⁧⁨⁩");
}
