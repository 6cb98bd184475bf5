using CarrierLink.Web.Accounts;
using Microsoft.AspNetCore.Mvc;

namespace CarrierLink.Web.Pages.Settings.OneBalance;

public sealed class AddOneBalanceModel(AccountCommands commands) : MerchantPageModel
{
    public string Carrier { get; private set; } = "stamps";
    public string? Nickname { get; private set; }
    public string? Username { get; private set; }
    public string? Error { get; private set; }

    public void OnGet() => Breadcrumbs(("Settings", "/settings"), ("One Balance and Carriers", "/settings/one-balance"), ("Add", null));

    public async Task<IActionResult> OnPostAsync(string? carrier, string? nickname, string? username, string? password, CancellationToken cancellationToken)
    {
        OnGet();
        (Carrier, Nickname, Username) = (carrier ?? "stamps", nickname, username);
        if (!OneBalancePageModel.Carriers.Contains(Carrier)) return BadRequest();
        switch (await commands.CreateAsync(MerchantId, Carrier, nickname, UserId, cancellationToken, username, password))
        {
            case AccountCommandResult.Done:
                return Redirect("/settings/one-balance?done=added");
            case AccountCommandResult.Rejected rejected:
                Error = string.Join(" ", rejected.Errors.SelectMany(e => e.Value.Select(m => e.Key == "nickname" ? $"Nickname {m}." : m)));
                break;
            case AccountCommandResult.Unavailable unavailable:
                Error = unavailable.Message;
                break;
        }
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
