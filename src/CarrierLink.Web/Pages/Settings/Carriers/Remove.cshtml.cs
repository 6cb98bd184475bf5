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

    public string SignOutSentence => Descriptor.ConnectMethod == ConnectMethod.OAuth
        ? $"CarrierLink signs out of {Descriptor.ShortName} (the authorization you gave is revoked) and deletes what it stored to stay signed in."
        : $"CarrierLink deletes the password it stored for this account. Your password at Stamps.com stays as it is.";

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
        return Redirect(Descriptor.ConnectMethod == ConnectMethod.OAuth ? $"/settings/carriers/{carrier}?removed=true" : "/settings/one-balance?done=removed");
    }
}
