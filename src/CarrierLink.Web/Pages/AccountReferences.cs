using CarrierLink.Carriers.Catalog;
using CarrierLink.Web.Data;

namespace CarrierLink.Web.Pages;

/// <summary>
/// What identifies a carrier account to the merchant who owns it, in the carrier's own words ("CRID 51234567 · MID 901234",
/// "Stamps.com username merchant.stamps"). It is the merchant's own data, so it is shown in full on their pages; the API
/// keeps its masked carrier_account_ref, and support agents see other merchants' accounts by nickname only.
/// </summary>
public static class AccountReferences
{
    /// <summary>The account's reference for its owner, or null before the carrier has told us who it is.</summary>
    public static string? For(CarrierAccount account) =>
        account.CarrierAccountId is null ? null : Describe(account.Carrier, account.CarrierAccountId, account.CarrierSubAccountId);

    public static string Describe(string carrier, string accountNumber, string? subAccount)
    {
        // Carrier differences as data: what the carrier calls the ids its sign-in returns (the catalogue's words).
        var descriptor = CarrierCatalog.Find(carrier);
        var main = $"{descriptor?.AccountNumberName ?? "Account"} {accountNumber}";
        return subAccount is null ? main : $"{main} · {descriptor?.SubAccountName ?? "Sub-account"} {subAccount}";
    }
}
