using CarrierLink.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CarrierLink.Web.Connect;

/// <summary>
/// Two live connections of one merchant to the same carrier account (the same USPS login added
/// twice, the same One Balance username): allowed, since a merchant may want two nicknames, but
/// never silent, because labels and history would be split between them.
/// </summary>
public static class SameCarrierAccount
{
    /// <summary>The merchant's other live account that reaches the same carrier account as <paramref name="account"/>, if any.</summary>
    public static Task<CarrierAccount?> OtherThanAsync(CarrierLinkDb db, CarrierAccount account, CancellationToken cancellationToken) =>
        account.CarrierAccountId is null
            ? Task.FromResult<CarrierAccount?>(null)
            : FindAsync(db, account.MerchantId, account.Carrier, account.CarrierAccountId, account.CarrierSubAccountId, account.Id, cancellationToken);

    /// <summary>
    /// The oldest live account of the merchant at <paramref name="carrier"/> with this carrier account id (for One
    /// Balance: the Stamps.com username, compared without case), other than <paramref name="exceptId"/>.
    /// </summary>
    public static async Task<CarrierAccount?> FindAsync(CarrierLinkDb db, Guid merchantId, string carrier, string carrierAccountId, string? subAccountId, Guid? exceptId, CancellationToken cancellationToken)
    {
        var candidates = await db.CarrierAccounts.AsNoTracking()
            .Where(a => a.MerchantId == merchantId && a.Carrier == carrier && a.State != ConnectionState.Disconnected && a.CarrierAccountId != null && a.Id != exceptId)
            .OrderBy(a => a.CreatedAt)
            .ToListAsync(cancellationToken);
        return candidates.FirstOrDefault(a => string.Equals(a.CarrierAccountId, carrierAccountId.Trim(), StringComparison.OrdinalIgnoreCase)
            && string.Equals(a.CarrierSubAccountId, subAccountId, StringComparison.OrdinalIgnoreCase));
    }
}
