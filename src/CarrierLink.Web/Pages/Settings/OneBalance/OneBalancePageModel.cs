using CarrierLink.Carriers.Catalog;
using CarrierLink.Web.Accounts;
using CarrierLink.Web.Data;

namespace CarrierLink.Web.Pages.Settings.OneBalance;

/// <summary>Pages about one One Balance account (Stamps.com or UPS One Balance), loaded through the merchant.</summary>
public abstract class OneBalancePageModel(CarrierLinkDb db) : MerchantPageModel
{
    /// <summary>The carriers reached through a One Balance sign-in, from the catalogue.</summary>
    public static readonly string[] Carriers = CarrierCatalog.All.Where(CarrierPages.OnOneBalancePage).Select(c => c.Code).ToArray();

    public CarrierAccount Account { get; private set; } = null!;
    public CarrierDescriptor Descriptor { get; private set; } = null!;
    protected CarrierLinkDb Db => db;

    protected async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        var account = await db.FindAccountAsync(MerchantId, id, cancellationToken);
        if (account is null || !Carriers.Contains(account.Carrier) || account.State == ConnectionState.Disconnected) return false;
        Account = account;
        Descriptor = CarrierCatalog.Find(account.Carrier)!;
        return true;
    }

    protected void OneBalanceBreadcrumbs(string last) =>
        Breadcrumbs(("Settings", "/settings"), ("Carrier Settings", "/settings/carriers"), ("One Balance and Carriers", "/settings/one-balance"), (last, null));
}
