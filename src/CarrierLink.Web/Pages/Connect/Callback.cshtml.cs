using CarrierLink.Carriers.Catalog;
using CarrierLink.Web.Connect;
using Microsoft.AspNetCore.Mvc;

namespace CarrierLink.Web.Pages.Connect;

/// <summary>The redirect_uri carriers send the merchant back to, with a code (or an error) and our state.</summary>
public sealed class CallbackModel(OAuthConnectFlow flow) : MerchantPageModel
{
    public ConnectOutcome.Failed? Failure { get; private set; }
    public string CarrierName => CarrierCatalog.Find(Failure?.Carrier)?.ShortName ?? "Carrier";

    public async Task<IActionResult> OnGetAsync(string carrier, string? code, string? state, string? error, CancellationToken cancellationToken)
    {
        var outcome = await flow.CompleteAsync(carrier, MerchantId, new CallbackParameters(code, state, error), cancellationToken);
        switch (outcome)
        {
            case ConnectOutcome.Connected connected:
                return Redirect($"/settings/carriers/{connected.Account.Carrier}/accounts/{connected.Account.Id}/connected{(connected.WasReconnect ? "?reconnected=true" : "")}");
            case ConnectOutcome.DifferentAccount different:
                return Redirect($"/settings/carriers/{different.Account.Carrier}/accounts/{different.Account.Id}/replace/{different.PendingGrantId}");
            case ConnectOutcome.Failed failed:
                Failure = failed;
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
            default:
                throw new InvalidOperationException("Unhandled connect outcome.");
        }
    }
}
