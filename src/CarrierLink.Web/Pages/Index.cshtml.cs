using CarrierLink.Web.Accounts;
using CarrierLink.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CarrierLink.Web.Pages;

public sealed class IndexModel(CarrierLinkDb db) : MerchantPageModel
{
    public IReadOnlyList<CarrierAccount> Accounts { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Accounts = await db.ActiveOf(MerchantId).AsNoTracking().OrderBy(a => a.Carrier).ThenBy(a => a.Nickname).ToListAsync(cancellationToken);
}
