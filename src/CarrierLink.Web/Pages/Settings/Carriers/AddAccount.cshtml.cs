using CarrierLink.Carriers.Catalog;
using CarrierLink.Web.Accounts;
using CarrierLink.Web.Connect;
using Microsoft.AspNetCore.Mvc;

namespace CarrierLink.Web.Pages.Settings.Carriers;

public sealed class AddAccountModel(AccountCommands commands, OAuthConnectFlow oauth) : MerchantPageModel
{
    public CarrierDescriptor Descriptor { get; private set; } = null!;
    public string? Nickname { get; private set; }
    public string? Error { get; private set; }

    public IActionResult OnGet(string carrier) => !Load(carrier) ? NotFound() : commands.UsesOAuth(Descriptor.Code) ? Page() : Redirect("/settings/one-balance/add");

    public async Task<IActionResult> OnPostAsync(string carrier, string? nickname, CancellationToken cancellationToken)
    {
        if (!Load(carrier)) return NotFound();
        Nickname = nickname;
        var result = await commands.CreateAsync(MerchantId, Descriptor.Code, nickname, UserId, cancellationToken);
        if (result is AccountCommandResult.Rejected rejected)
        {
            Error = "Nickname " + string.Join(" ", rejected.Errors.Values.SelectMany(v => v)) + ".";
            return Page();
        }
        var account = ((AccountCommandResult.Done)result).Account;
        return Redirect((await oauth.StartAsync(account, UserId, cancellationToken)).AbsoluteUri);
    }

    private bool Load(string carrier)
    {
        if (CarrierCatalog.Find(carrier) is not { } descriptor || !commands.CanConnect(descriptor.Code)) return false;
        Descriptor = descriptor;
        Breadcrumbs(("Settings", "/settings"), ("Carrier Settings", "/settings/carriers"), ($"{descriptor.ShortName} Settings", $"/settings/carriers/{descriptor.Code}"), ("Add account", null));
        return true;
    }
}
