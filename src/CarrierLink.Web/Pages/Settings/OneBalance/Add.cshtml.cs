using CarrierLink.Web.Accounts;
using CarrierLink.Web.Connect;
using CarrierLink.Web.Connect.Methods;
using CarrierLink.Web.Data;
using CarrierLink.Web.Security;
using Microsoft.AspNetCore.Mvc;

namespace CarrierLink.Web.Pages.Settings.OneBalance;

public sealed class AddOneBalanceModel(AccountCommands commands, CarrierLinkDb db) : MerchantPageModel
{
    public string Carrier { get; private set; } = OneBalancePageModel.Carriers[0];
    public string? Nickname { get; private set; }
    public string? Username { get; private set; }
    public string? Error { get; private set; }

    /// <summary>The merchant's live account of this type with the same One Balance username: asked about before a second one is made.</summary>
    public CarrierAccount? SameAs { get; private set; }

    public void OnGet() => Breadcrumbs(("Settings", "/settings"), ("One Balance and Carriers", "/settings/one-balance"), ("Add", null));

    public async Task<IActionResult> OnPostAsync(string? carrier, string? nickname, string? username, bool addAnyway, CancellationToken cancellationToken)
    {
        var password = Request.Secret("password");
        OnGet();
        (Carrier, Nickname, Username) = (carrier ?? OneBalancePageModel.Carriers[0], nickname, username);
        if (!OneBalancePageModel.Carriers.Contains(Carrier)) return BadRequest();
        if (!addAnyway && !string.IsNullOrWhiteSpace(username)
            && await SameCarrierAccount.FindAsync(db, MerchantId, Carrier, username, null, null, cancellationToken) is { } same)
        {
            // Nothing is created yet: the merchant decides, and re-enters the password (it is never sent back to the page).
            SameAs = same;
            Response.StatusCode = StatusCodes.Status409Conflict;
            return Page();
        }
        var input = ConnectInput.Of(("username", username), ("password", password));
        switch (await commands.CreateAsync(MerchantId, Carrier, nickname, input, UserId, cancellationToken))
        {
            case ConnectStep.Connected:
                return Redirect("/settings/one-balance?done=added");
            case ConnectStep.Refused refused:
                Error = refused.Field == "nickname" ? $"Nickname {refused.Message}." : refused.Message;
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
