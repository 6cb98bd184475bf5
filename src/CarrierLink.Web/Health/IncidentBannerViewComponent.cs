using CarrierLink.Web.Data;
using CarrierLink.Web.Merchants;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CarrierLink.Web.Health;

/// <summary>
/// On every page while a carrier-wide incident holds one of the merchant's accounts: the carrier's
/// sign-in is in trouble, so nobody is asked to reconnect, and this says why.
/// </summary>
public sealed class IncidentBannerViewComponent(CarrierLinkDb db, CarrierIncidents incidents) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        if (CarrierLinkClaims.MerchantIdOf(UserClaimsPrincipal) is not { } merchantId) return Content("");
        var open = await incidents.OpenAsync(HttpContext.RequestAborted);
        if (open.Count == 0) return Content("");
        var openIds = open.Select(i => i.Id).ToList();
        var carriers = await db.CarrierAccounts.AsNoTracking()
            .Where(a => a.MerchantId == merchantId && a.HeldByIncidentId != null && openIds.Contains(a.HeldByIncidentId.Value))
            .Select(a => a.Carrier).Distinct().ToListAsync(HttpContext.RequestAborted);
        return carriers.Count == 0 ? Content("") : View(carriers);
    }
}
