using CarrierLink.Web.Accounts;
using CarrierLink.Web.Data;
using Microsoft.AspNetCore.Mvc;

namespace CarrierLink.Web.Pages.Settings.Carriers;

public sealed class AccountModel(CarrierLinkDb db) : AccountPageModel(db)
{
    public const int TimelineLength = 50;

    public IReadOnlyList<AccountEvent> Timeline { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string carrier, Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(carrier, id, cancellationToken)) return NotFound();
        AccountBreadcrumbs();
        Timeline = await Db.TimelineAsync(Account.Id, TimelineLength, null, cancellationToken);
        return Page();
    }
}
