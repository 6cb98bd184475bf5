using CarrierLink.Carriers.Catalog;
using CarrierLink.Web.Accounts;
using CarrierLink.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CarrierLink.Web.Pages.Settings.Carriers;

public sealed record CarrierRow(CarrierDescriptor Descriptor, bool Available, int AccountCount, int NeedsAttention)
{
    /// <summary>One Balance accounts (and UPS through them) live together on "One Balance and Carriers".</summary>
    /// <summary>"No accounts", "1 account", "3 accounts, 1 needs attention".</summary>
    public string Summary =>
        (AccountCount switch { 0 => "No accounts", 1 => "1 account", var n => $"{n} accounts" })
        + (NeedsAttention switch { 0 => "", 1 => ", 1 needs attention", var n => $", {n} need attention" });

    public string Href => CarrierPages.Home(Descriptor);
}

public sealed class CarrierSettingsModel(CarrierLinkDb db, AccountCommands commands) : MerchantPageModel
{
    public IReadOnlyList<CarrierRow> Carriers { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Breadcrumbs(("Settings", "/settings"), ("Carrier Settings", null));
        var accounts = await db.ActiveOf(MerchantId).AsNoTracking().Select(a => new { a.Carrier, a.State }).ToListAsync(cancellationToken);
        Carriers = CarrierCatalog.All.Select(c => new CarrierRow(
            c,
            commands.CanConnect(c.Code),
            accounts.Count(a => a.Carrier == c.Code),
            accounts.Count(a => a.Carrier == c.Code && a.State is not (ConnectionState.Connected or ConnectionState.Pending)))).ToList();
    }
}
