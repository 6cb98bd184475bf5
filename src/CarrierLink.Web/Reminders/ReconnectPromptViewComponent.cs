using CarrierLink.Carriers.Catalog;
using CarrierLink.Carriers.Stamps;
using CarrierLink.Web.Data;
using CarrierLink.Web.Merchants;
using CarrierLink.Web.Pages;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CarrierLink.Web.Reminders;

/// <param name="Fix">The banner's Reconnect (or Request help): the same action every badge of the account offers.</param>
/// <param name="ForgotPasswordUrl">One Balance only: Stamps.com's own Forgot Password page, for a merchant who does not know the new password.</param>
/// <param name="BreakKey">Names this break of this account, so the browser moves focus to the banner once per break, not on every page.</param>
public sealed record ReconnectPromptModel(
    CarrierAccount Account, string CarrierName, string WhatFailed, string ReturnUrl, FixAction Fix, Uri? ForgotPasswordUrl, string BreakKey);

/// <summary>
/// The banner below the header of every page while one of the merchant's accounts needs reconnecting and this user has
/// not snoozed it. It is not a dialog: the page under it stays usable, because the article's own way back
/// (One Balance and Carriers, the green Reconnect; Settings, Edit, Login) runs through that page.
/// </summary>
public sealed class ReconnectPromptViewComponent(ReconnectReminders reminders, IOptions<StampsOptions> stamps) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        var principal = UserClaimsPrincipal;
        if (CarrierLinkClaims.MerchantIdOf(principal) is not { } merchantId) return Content("");
        var account = await reminders.PromptForAsync(merchantId, CarrierLinkClaims.UserIdOf(principal), HttpContext.RequestAborted);
        if (account is null || AccountFixes.For(account) is not { } fix) return Content("");
        var descriptor = CarrierCatalog.Find(account.Carrier);
        var carrier = descriptor?.ShortName ?? account.Carrier;
        var failed = account.LastFailureMessage ?? account.StateReason ?? $"{carrier} no longer accepts CarrierLink's connection.";
        var returnUrl = HttpContext.Request.Path + HttpContext.Request.QueryString;
        var forgot = descriptor?.ConnectMethod == ConnectMethod.Password ? stamps.Value.ForgotPasswordUrl : null;
        return View(new ReconnectPromptModel(account, carrier, failed, returnUrl, fix, forgot, $"{account.Id:N}-{account.StateChangedAt.Ticks}"));
    }
}
