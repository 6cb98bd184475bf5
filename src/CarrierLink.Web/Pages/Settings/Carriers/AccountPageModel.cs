using CarrierLink.Carriers.Catalog;
using CarrierLink.Web.Accounts;
using CarrierLink.Web.Data;

namespace CarrierLink.Web.Pages.Settings.Carriers;

/// <summary>Pages about one account: loads it through the merchant, so another merchant's id is a 404.</summary>
public abstract class AccountPageModel(CarrierLinkDb db) : MerchantPageModel
{
    public CarrierAccount Account { get; private set; } = null!;
    public CarrierDescriptor Descriptor { get; private set; } = null!;

    protected CarrierLinkDb Db => db;

    protected async Task<bool> LoadAsync(string carrier, Guid id, CancellationToken cancellationToken)
    {
        var account = await db.FindAccountAsync(MerchantId, id, cancellationToken);
        if (account is null || account.Carrier != carrier || account.State == ConnectionState.Disconnected) return false;
        Account = account;
        Descriptor = CarrierCatalog.Find(account.Carrier)!;
        return true;
    }

    protected void AccountBreadcrumbs(string? last = null)
    {
        var crumbs = new List<(string, string?)>
        {
            ("Settings", "/settings"),
            ("Carrier Settings", "/settings/carriers"),
            // One Balance accounts live on "One Balance and Carriers" (there is no "One Balance Settings" page).
            (CarrierPages.HomeName(Descriptor), CarrierPages.Home(Descriptor)),
            (Account.Nickname, last is null ? null : $"/settings/carriers/{Descriptor.Code}/accounts/{Account.Id}"),
        };
        if (last is not null) crumbs.Add((last, null));
        Breadcrumbs([.. crumbs]);
    }
}
