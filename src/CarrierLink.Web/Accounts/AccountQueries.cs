using CarrierLink.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CarrierLink.Web.Accounts;

/// <summary>Every read of an account goes through the merchant, so another merchant's id is simply not found.</summary>
public static class AccountQueries
{
    public static IQueryable<CarrierAccount> OfMerchant(this CarrierLinkDb db, Guid merchantId) =>
        db.CarrierAccounts.Where(a => a.MerchantId == merchantId);

    public static Task<CarrierAccount?> FindAccountAsync(this CarrierLinkDb db, Guid merchantId, Guid accountId, CancellationToken cancellationToken) =>
        db.OfMerchant(merchantId).FirstOrDefaultAsync(a => a.Id == accountId, cancellationToken);

    /// <summary>Accounts a merchant works with (disconnected ones are history, reachable by id only).</summary>
    public static IQueryable<CarrierAccount> ActiveOf(this CarrierLinkDb db, Guid merchantId, string? carrier = null) =>
        db.OfMerchant(merchantId).Where(a => a.State != ConnectionState.Disconnected && (carrier == null || a.Carrier == carrier));

    /// <summary>When the carrier's grant ends for good (a refresh token's hard expiry); null for password accounts.</summary>
    public static Task<DateTime?> GrantExpiresAtAsync(this CarrierLinkDb db, Guid accountId, CancellationToken cancellationToken) =>
        db.CarrierCredentials.AsNoTracking()
            .Where(c => c.AccountId == accountId && c.RefreshTokenCipher != null)
            .Select(c => c.RefreshTokenExpiresAt)
            .FirstOrDefaultAsync(cancellationToken);

    public static Task<List<AccountEvent>> TimelineAsync(this CarrierLinkDb db, Guid accountId, int limit, long? beforeId, CancellationToken cancellationToken) =>
        db.AccountEvents.AsNoTracking()
            .Where(e => e.AccountId == accountId && (beforeId == null || e.Id < beforeId))
            .OrderByDescending(e => e.Id)
            .Take(limit)
            .ToListAsync(cancellationToken);
}
