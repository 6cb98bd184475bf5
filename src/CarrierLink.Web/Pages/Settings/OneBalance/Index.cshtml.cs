using CarrierLink.Web.Accounts;
using CarrierLink.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CarrierLink.Web.Pages.Settings.OneBalance;

/// <summary>"One Balance and Carriers": each One Balance account, its state, and the carriers reached through it.</summary>
public sealed class OneBalanceModel(CarrierLinkDb db) : MerchantPageModel
{
    public IReadOnlyList<CarrierAccount> Accounts { get; private set; } = [];
    public string? Message { get; private set; }

    public async Task OnGetAsync(string? done, CancellationToken cancellationToken)
    {
        Breadcrumbs(("Settings", "/settings"), ("Carrier Settings", "/settings/carriers"), ("One Balance and Carriers", null));
        Message = done switch
        {
            "password" => "Your One Balance password was changed. CarrierLink keeps using the account.",
            "added" => "The One Balance account is connected.",
            "support" => "Your request was sent to Customer Service.",
            "removed" => "The account was removed. Its labels and history stay readable.",
            _ => null,
        };
        Accounts = await db.ActiveOf(MerchantId).AsNoTracking()
            .Where(a => OneBalancePageModel.Carriers.Contains(a.Carrier))
            .OrderBy(a => a.Nickname).ToListAsync(cancellationToken);
    }
}
