using CarrierLink.Web.Connect;
using CarrierLink.Web.Data;
using Microsoft.AspNetCore.Mvc;

namespace CarrierLink.Web.Pages.Settings.Carriers;

/// <summary>Starts a reconnect: the prompt's Reconnect button and the API's reconnect_url both lead here.</summary>
public sealed class ReconnectModel(CarrierLinkDb db, OAuthConnectFlow oauth) : AccountPageModel(db)
{
    public async Task<IActionResult> OnGetAsync(string carrier, Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(carrier, id, cancellationToken)) return NotFound();
        AccountBreadcrumbs("Reconnect");
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string carrier, Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(carrier, id, cancellationToken)) return NotFound();
        if (!oauth.Supports(Account.Carrier)) return Redirect($"/settings/one-balance/{id}/reconnect");
        return Redirect((await oauth.StartAsync(Account, UserId, cancellationToken)).AbsoluteUri);
    }
}
