using CarrierLink.Carriers.Stamps;
using CarrierLink.Web.Data;
using CarrierLink.Carriers.Catalog;
using CarrierLink.Web.Connect.Methods;
using CarrierLink.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CarrierLink.Web.Pages.Settings.OneBalance;

/// <summary>The green Reconnect of One Balance and Carriers: asks for the new password and reconnects the same account.</summary>
public sealed class ReconnectOneBalanceModel(CarrierLinkDb db, ConnectMethods methods, IOptions<StampsOptions> stamps) : OneBalancePageModel(db)
{
    public string? Error { get; private set; }

    /// <summary>Stamps.com's own Forgot Password page (configuration: Carriers:Stamps:ForgotPasswordUrl).</summary>
    public Uri? ForgotPasswordUrl => stamps.Value.ForgotPasswordUrl;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken)) return NotFound();
        if (CarrierCatalog.Get(Account.Carrier).ReconnectedBy == Reconnector.Support) return Redirect($"/settings/one-balance/{id}/support");
        OneBalanceBreadcrumbs("Reconnect");
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken cancellationToken)
    {
        var password = Request.Secret("password");
        if (!await LoadAsync(id, cancellationToken)) return NotFound();
        OneBalanceBreadcrumbs("Reconnect");
        var carrier = CarrierCatalog.Get(Account.Carrier);
        switch (await methods.For(carrier).ReconnectAsync(Account, ConnectInput.Of(("password", password)), UserId, cancellationToken))
        {
            case ConnectStep.Connected:
                return Redirect($"/settings/carriers/{Account.Carrier}/accounts/{id}/connected?reconnected=true");
            case ConnectStep.Refused refused:
                Error = refused.Message;
                break;
            case ConnectStep.Unavailable unavailable:
                Error = unavailable.Message;
                break;
            case ConnectStep.NotAllowed notAllowed:
                Error = notAllowed.Message;
                break;
        }
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
