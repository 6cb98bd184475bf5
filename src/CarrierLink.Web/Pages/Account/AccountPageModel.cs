using CarrierLink.Web.Merchants;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CarrierLink.Web.Pages.Account;

/// <summary>A page about the signed-in person themselves (merchant user or support agent); the folder requires sign-in.</summary>
public abstract class AccountPageModel : PageModel
{
    protected Guid UserId => CarrierLinkClaims.UserIdOf(User) ?? throw new InvalidOperationException("Account pages need a signed-in user.");

    protected Guid? SessionId => CarrierLinkClaims.SessionIdOf(User);

    protected void Breadcrumbs(params (string Text, string? Href)[] crumbs) => ViewData["Breadcrumbs"] = crumbs;
}
