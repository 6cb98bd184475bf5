using CarrierLink.Carriers.Catalog;
using CarrierLink.Web.Accounts;
using CarrierLink.Web.Connect.Methods;
using Microsoft.AspNetCore.Mvc;

namespace CarrierLink.Web.Pages.Settings.Carriers;

/// <summary>Adds an account of any carrier with its own settings page: the form's fields come from the carrier's connect method.</summary>
public sealed class AddAccountModel(AccountCommands commands, ConnectMethods methods) : MerchantPageModel
{
    public CarrierDescriptor Descriptor { get; private set; } = null!;
    public IReadOnlyList<ConnectField> Fields { get; private set; } = [];
    public string? Nickname { get; private set; }
    public Dictionary<string, string?> Values { get; private set; } = [];
    public string? Error { get; private set; }
    /// <summary>The input the error is about ("nickname", a field key, or "carrier" for the whole form).</summary>
    public string? ErrorField { get; private set; }

    public bool LeavesForCarrier => CarrierPages.ReconnectLeavesForCarrier(Descriptor);

    public IActionResult OnGet(string carrier) =>
        !Load(carrier) ? NotFound() : CarrierPages.OnOneBalancePage(Descriptor) ? Redirect(CarrierPages.Add(Descriptor)) : Page();

    public async Task<IActionResult> OnPostAsync(string carrier, string? nickname, CancellationToken cancellationToken)
    {
        if (!Load(carrier)) return NotFound();
        Nickname = nickname;
        Values = Fields.ToDictionary(f => f.Key, f => (string?)Request.Form[f.Key].ToString());
        var step = await commands.CreateAsync(MerchantId, Descriptor.Code, nickname, new ConnectInput(Values), UserId, cancellationToken);
        switch (step)
        {
            case ConnectStep.SignInAtCarrier signIn:
                return Redirect(signIn.Url.AbsoluteUri);
            case ConnectStep.Connected connected:
                return Redirect($"{CarrierPages.Account(connected.Account)}/connected");
            case ConnectStep.ProofRequired proof:
                return Redirect(CarrierPages.Verify(proof.Account));
            case ConnectStep.Refused refused:
                (ErrorField, Error) = (refused.Field, refused.Field == "nickname" ? $"Nickname {refused.Message}." : refused.Message);
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

    private bool Load(string carrier)
    {
        if (CarrierCatalog.Find(carrier) is not { } descriptor || !commands.CanConnect(descriptor.Code)) return false;
        Descriptor = descriptor;
        Fields = methods.For(descriptor).FieldsFor(descriptor);
        Breadcrumbs(("Settings", "/settings"), ("Carrier Settings", "/settings/carriers"), (CarrierPages.HomeName(descriptor), CarrierPages.Home(descriptor)), ("Add account", null));
        return true;
    }
}
