using CarrierLink.Web.Accounts;
using CarrierLink.Web.Data;
using CarrierLink.Web.Reminders;
using Microsoft.AspNetCore.Mvc;

namespace CarrierLink.Web.Pages.Reminders;

/// <summary>"Remind Me Later": hides the prompt for this user for a while and returns to where they were.</summary>
public sealed class LaterModel(CarrierLinkDb db, ReconnectReminders reminders) : MerchantPageModel
{
    public IActionResult OnGet() => Redirect("/");

    public async Task<IActionResult> OnPostAsync(Guid accountId, string? returnUrl, CancellationToken cancellationToken)
    {
        var account = await db.FindAccountAsync(MerchantId, accountId, cancellationToken);
        if (account is null) return NotFound();
        await reminders.SnoozeAsync(account, UserId, hours: null, cancellationToken);
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl! : "/");
    }
}
