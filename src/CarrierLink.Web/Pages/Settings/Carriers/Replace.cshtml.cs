using CarrierLink.Carriers.OAuth;
using CarrierLink.Web.Accounts;
using CarrierLink.Web.Connect;
using CarrierLink.Web.Data;
using Microsoft.AspNetCore.Mvc;

namespace CarrierLink.Web.Pages.Settings.Carriers;

/// <summary>Asks before a reconnect replaces the carrier account on file with a different one.</summary>
public sealed class ReplaceModel(CarrierLinkDb db, OAuthConnectFlow oauth) : AccountPageModel(db)
{
    public string CurrentAccount { get; private set; } = "";
    public string NewAccount { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string carrier, Guid id, Guid grantId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(carrier, id, cancellationToken)) return NotFound();
        var grant = await oauth.FindGrantAsync(Account, grantId, cancellationToken);
        if (grant is null) return Redirect($"/settings/carriers/{carrier}/accounts/{id}/edit");
        // The merchant's own ids, in full and by the carrier's names: "****2563" could not tell them which login this was.
        CurrentAccount = AccountReferences.For(Account) ?? "—";
        var signedIn = AccountIdentity.FromJson(grant.IdentityJson);
        NewAccount = AccountReferences.Describe(Account.Carrier, signedIn.AccountNumber, signedIn.SubAccount);
        AccountBreadcrumbs("Different account");
        return Page();
    }

    public async Task<IActionResult> OnPostReplaceAsync(string carrier, Guid id, Guid grantId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(carrier, id, cancellationToken)) return NotFound();
        return await oauth.ReplaceAsync(Account, grantId, UserId, cancellationToken) is ConnectOutcome.Connected
            ? Redirect($"/settings/carriers/{carrier}/accounts/{id}/connected?reconnected=true")
            : Redirect($"/settings/carriers/{carrier}/accounts/{id}/edit");
    }

    public async Task<IActionResult> OnPostKeepAsync(string carrier, Guid id, Guid grantId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(carrier, id, cancellationToken)) return NotFound();
        await oauth.DiscardAsync(Account, grantId, UserId, cancellationToken);
        return Redirect($"/settings/carriers/{carrier}/accounts/{id}");
    }
}
