using CarrierLink.Web.Accounts;
using CarrierLink.Web.Connect.Methods;
using CarrierLink.Web.Data;
using Microsoft.AspNetCore.Mvc;

namespace CarrierLink.Web.Pages.Settings.Carriers;

/// <summary>
/// Starts a reconnect by the carrier's method: the prompt's Reconnect button and the API's reconnect_url both lead here.
/// A sign-in carrier leaves for its sign-in page; a registration carrier asks for the same account's details again.
/// </summary>
public sealed class ReconnectModel(CarrierLinkDb db, ConnectMethods methods) : AccountPageModel(db)
{
    public IReadOnlyList<ConnectField> Fields { get; private set; } = [];
    public Dictionary<string, string?> Values { get; private set; } = [];
    public string? Error { get; private set; }
    public string? ErrorField { get; private set; }

    public bool LeavesForCarrier => CarrierPages.ReconnectLeavesForCarrier(Descriptor);

    public async Task<IActionResult> OnGetAsync(string carrier, Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(carrier, id, cancellationToken)) return NotFound();
        if (CarrierPages.OnOneBalancePage(Descriptor)) return Redirect(CarrierPages.Reconnect(Account));
        AccountBreadcrumbs("Reconnect");
        Fields = methods.For(Descriptor).FieldsFor(Descriptor);
        Values = ConnectInputsOnFile.For(Account, Fields);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string carrier, Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(carrier, id, cancellationToken)) return NotFound();
        if (CarrierPages.OnOneBalancePage(Descriptor)) return Redirect(CarrierPages.Reconnect(Account));
        AccountBreadcrumbs("Reconnect");
        Fields = methods.For(Descriptor).FieldsFor(Descriptor);
        Values = Fields.ToDictionary(f => f.Key, f => (string?)Request.Form[f.Key].ToString());
        var step = await methods.For(Descriptor).ReconnectAsync(Account, new ConnectInput(Values), UserId, cancellationToken);
        switch (step)
        {
            case ConnectStep.SignInAtCarrier signIn:
                return Redirect(signIn.Url.AbsoluteUri);
            case ConnectStep.Connected connected:
                return Redirect($"{CarrierPages.Account(connected.Account)}/connected{(connected.WasReconnect ? "?reconnected=true" : "")}");
            case ConnectStep.ProofRequired proof:
                return Redirect(CarrierPages.Verify(proof.Account));
            case ConnectStep.Refused refused:
                (ErrorField, Error) = (refused.Field, refused.Message);
                break;
            case ConnectStep.Unavailable unavailable:
                (ErrorField, Error) = ("carrier", unavailable.Message);
                break;
            case ConnectStep.NotAllowed notAllowed:
                (ErrorField, Error) = ("carrier", notAllowed.Message);
                break;
        }
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
