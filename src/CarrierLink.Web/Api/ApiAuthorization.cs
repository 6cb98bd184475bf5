using CarrierLink.Web.Accounts;
using CarrierLink.Web.Data;
using CarrierLink.Web.Merchants;

namespace CarrierLink.Web.Api;

public static class ApiAuthorization
{
    public const string Policy = "api";

    /// <summary>The merchant an API key (or page session) acts for; endpoints only run once authorized.</summary>
    public static Guid MerchantId(this HttpContext http) =>
        CarrierLinkClaims.MerchantIdOf(http.User) ?? throw new InvalidOperationException("No merchant on an authorized request.");

    /// <summary>The API's account lookup: malformed ids answer 404 like unknown ones, and only the key's merchant's accounts exist.</summary>
    public static async Task<CarrierAccount?> FindAccountAsync(this HttpContext http, CarrierLinkDb db, string id, CancellationToken cancellationToken) =>
        Guid.TryParse(id, out var accountId) ? await db.FindAccountAsync(http.MerchantId(), accountId, cancellationToken) : null;

    /// <summary>
    /// The same lookup for a shipping operation, which only reads the account: a connected account may come from this
    /// node's short-lived cache (<see cref="AccountSnapshots"/>, Api:AccountCacheSeconds). The copy is not tracked.
    /// </summary>
    public static async Task<CarrierAccount?> FindAccountForOperationAsync(this HttpContext http, CarrierLinkDb db, string id, CancellationToken cancellationToken) =>
        Guid.TryParse(id, out var accountId)
            ? await http.RequestServices.GetRequiredService<AccountSnapshots>().FindAsync(db, http.MerchantId(), accountId, cancellationToken)
            : null;
}
