using CarrierLink.Web.Accounts;
using CarrierLink.Web.Connect;
using CarrierLink.Web.Data;
using Microsoft.AspNetCore.Mvc;

namespace CarrierLink.Web.Pages.Settings.Carriers;

/// <summary>The account's Edit screen, whose Connection section holds Login (the article's "Reconnect later" path).</summary>
public sealed class EditAccountModel(CarrierLinkDb db, AccountCommands commands, OAuthConnectFlow oauth) : AccountPageModel(db)
{
    public string? Nickname { get; private set; }
    public string? Error { get; private set; }
    public bool Saved { get; private set; }

    public async Task<IActionResult> OnGetAsync(string carrier, Guid id, bool saved, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(carrier, id, cancellationToken)) return NotFound();
        AccountBreadcrumbs("Edit");
        Nickname = Account.Nickname;
        Saved = saved;
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(string carrier, Guid id, string? nickname, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(carrier, id, cancellationToken)) return NotFound();
        AccountBreadcrumbs("Edit");
        var result = await commands.UpdateAsync(Account, nickname ?? "", null, UserId, cancellationToken);
        if (result is AccountCommandResult.Rejected rejected)
        {
            Nickname = nickname;
            Error = "Nickname " + string.Join(" ", rejected.Errors.Values.SelectMany(v => v)) + ".";
            return Page();
        }
        return Redirect($"/settings/carriers/{carrier}/accounts/{id}/edit?saved=true");
    }

    public async Task<IActionResult> OnPostLoginAsync(string carrier, Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(carrier, id, cancellationToken)) return NotFound();
        return Redirect((await oauth.StartAsync(Account, UserId, cancellationToken)).AbsoluteUri);
    }
}
