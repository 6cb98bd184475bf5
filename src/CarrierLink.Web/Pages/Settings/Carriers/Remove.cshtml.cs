using CarrierLink.Carriers.Catalog;
using CarrierLink.Web.Accounts;
using CarrierLink.Web.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CarrierLink.Web.Pages.Settings.Carriers;

/// <summary>
/// Removing an account is asked on a page of its own (it works without script), which says what is lost and what is kept
/// before anything happens; only its button removes.
/// </summary>
public sealed class RemoveAccountModel(CarrierLinkDb db, AccountCommands commands) : AccountPageModel(db)
{
    public int LabelCount { get; private set; }
    public string? Reference { get; private set; }

    public string SignOutSentence => CarrierPages.RemovalSentence(Descriptor);

    public async Task<IActionResult> OnGetAsync(string carrier, Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(carrier, id, cancellationToken)) return NotFound();
        AccountBreadcrumbs("Remove");
        Reference = AccountReferences.For(Account);
        LabelCount = await Db.Labels.CountAsync(l => l.AccountId == Account.Id, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string carrier, Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(carrier, id, cancellationToken)) return NotFound();
        await commands.DisconnectAsync(Account, UserId, cancellationToken);
        return Redirect(CarrierPages.OnOneBalancePage(Descriptor) ? "/settings/one-balance?done=removed" : $"{CarrierPages.Home(Descriptor)}?removed=true");
    }
}
