using CarrierLink.Web.Merchants;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CarrierLink.Web.Pages;

/// <summary>A page a merchant's user sees; the folder convention guarantees the claims are there.</summary>
public abstract class MerchantPageModel : PageModel
{
    protected Guid MerchantId => CarrierLinkClaims.MerchantIdOf(User) ?? throw new InvalidOperationException("Merchant pages need a merchant.");

    protected Guid? UserId => CarrierLinkClaims.UserIdOf(User);

    protected void Breadcrumbs(params (string Text, string? Href)[] crumbs) => ViewData["Breadcrumbs"] = crumbs;
}
