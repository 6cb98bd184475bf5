using CarrierLink.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CarrierLink.Web.Tokens;

/// <summary>Tokens a carrier just issued, already encrypted for storage.</summary>
internal sealed record RotatedTokens(string AccessCipher, DateTime AccessExpiresAt, string? RefreshCipher, DateTime? RefreshExpiresAt, string? PromotedPasswordCipher);

/// <summary>
/// One node's right to renew one account's tokens, taken at a credential version. Every statement is a
/// single conditional UPDATE, so it cannot conflict with a concurrent one and behaves the same on
/// PostgreSQL and SQLite.
/// </summary>
internal sealed record RefreshLease(Guid AccountId, long Version, string Owner, DateTime Until)
{
    /// <summary>Takes the lease if nobody holds a live one and the tokens are still those of <see cref="Version"/>.</summary>
    public async Task<bool> TryTakeAsync(CarrierLinkDb db, DateTime now, CancellationToken cancellationToken) =>
        await db.CarrierCredentials
            .Where(c => c.AccountId == AccountId && c.Version == Version && (c.RefreshLeaseUntil == null || c.RefreshLeaseUntil <= now))
            .ExecuteUpdateAsync(set => set
                .SetProperty(c => c.RefreshLeaseUntil, Until)
                .SetProperty(c => c.RefreshLeaseOwner, Owner)
                // Taking over an expired lease: its holder's refresh may have rotated the tokens unseen.
                .SetProperty(c => c.RefreshOutcomeUnknownSince, c => c.RefreshLeaseUntil != null && c.RefreshOutcomeUnknownSince == null ? now : c.RefreshOutcomeUnknownSince),
                cancellationToken) == 1;

    /// <param name="outcomeUnknown">true: the refresh may have rotated unseen; false: the verdict is known; null: as before.</param>
    public async Task<bool> ReleaseAsync(CarrierLinkDb db, bool? outcomeUnknown, CancellationToken cancellationToken)
    {
        var now = db.UtcNow;
        await db.CarrierCredentials
            .Where(c => c.AccountId == AccountId && c.RefreshLeaseOwner == Owner)
            .ExecuteUpdateAsync(set =>
            {
                set.SetProperty(c => c.RefreshLeaseUntil, (DateTime?)null).SetProperty(c => c.RefreshLeaseOwner, (string?)null);
                if (outcomeUnknown == true) set.SetProperty(c => c.RefreshOutcomeUnknownSince, c => c.RefreshOutcomeUnknownSince ?? now);
                if (outcomeUnknown == false) set.SetProperty(c => c.RefreshOutcomeUnknownSince, (DateTime?)null);
            }, cancellationToken);
        return true;
    }

    public Task<bool> VersionMovedAsync(CarrierLinkDb db, CancellationToken cancellationToken) =>
        db.CarrierCredentials.AnyAsync(c => c.AccountId == AccountId && c.Version != Version, cancellationToken);

    /// <summary>
    /// Compare-and-swap: stores the rotated tokens only over the version the lease was taken at, and
    /// (with <paramref name="replan"/>) asks the health engine to plan the account again, as its token
    /// now expires later. False when the credentials changed meanwhile (the merchant reconnected): the
    /// newer ones stay.
    /// </summary>
    public async Task<bool> StoreAsync(CarrierLinkDb db, RotatedTokens tokens, DateTime now, bool replan, CancellationToken cancellationToken)
    {
        var stored = await db.CarrierCredentials
            .Where(c => c.AccountId == AccountId && c.Version == Version)
            .ExecuteUpdateAsync(set =>
            {
                set.SetProperty(c => c.AccessTokenCipher, tokens.AccessCipher)
                    .SetProperty(c => c.AccessTokenExpiresAt, tokens.AccessExpiresAt)
                    .SetProperty(c => c.Version, Version + 1)
                    .SetProperty(c => c.UpdatedAt, now)
                    .SetProperty(c => c.RefreshLeaseUntil, (DateTime?)null)
                    .SetProperty(c => c.RefreshLeaseOwner, (string?)null)
                    .SetProperty(c => c.RefreshOutcomeUnknownSince, (DateTime?)null);
                if (tokens.RefreshCipher is not null)
                {
                    set.SetProperty(c => c.RefreshTokenCipher, tokens.RefreshCipher);
                    if (tokens.RefreshExpiresAt is not null) set.SetProperty(c => c.RefreshTokenExpiresAt, tokens.RefreshExpiresAt);
                }
                if (tokens.PromotedPasswordCipher is not null)
                {
                    set.SetProperty(c => c.PasswordCipher, tokens.PromotedPasswordCipher).SetProperty(c => c.PendingPasswordCipher, (string?)null);
                }
            }, cancellationToken) == 1;
        if (!stored) return false;
        if (replan) await ReplanAsync(db, now, cancellationToken);
        if (tokens.PromotedPasswordCipher is not null)
        {
            db.AccountEvents.Add(new AccountEvent
            {
                AccountId = AccountId, At = now, Type = "password_changed",
                Detail = "The new One Balance password had been accepted by Stamps.com; CarrierLink now uses it.",
            });
            await db.SaveChangesAsync(cancellationToken);
        }
        return true;
    }

    private Task<int> ReplanAsync(CarrierLinkDb db, DateTime now, CancellationToken cancellationToken) =>
        // A connected account is planned again; a broken one that renews fine is re-checked at once.
        db.CarrierAccounts
            .Where(a => a.Id == AccountId && a.State != ConnectionState.Pending && a.State != ConnectionState.Disconnected)
            .ExecuteUpdateAsync(set => set
                .SetProperty(a => a.NextDueAt, now)
                .SetProperty(a => a.DueReason, a => a.State == ConnectionState.Connected ? DueReasons.Plan : DueReasons.Recheck),
                cancellationToken);
}
