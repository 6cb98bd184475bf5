using CarrierLink.Carriers.Catalog;
using CarrierLink.Web.Data;
using CarrierLink.Web.Merchants;
using Microsoft.AspNetCore.Mvc;

namespace CarrierLink.Web.Reminders;

public sealed record ReconnectPromptModel(CarrierAccount Account, string CarrierName, string WhatFailed, string ReturnUrl);

/// <summary>The dialog on every page while one of the merchant's accounts needs reconnecting and this user has not snoozed it.</summary>
public sealed class ReconnectPromptViewComponent(ReconnectReminders reminders) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        var principal = UserClaimsPrincipal;
        if (CarrierLinkClaims.MerchantIdOf(principal) is not { } merchantId) return Content("");
        var account = await reminders.PromptForAsync(merchantId, CarrierLinkClaims.UserIdOf(principal), HttpContext.RequestAborted);
        if (account is null) return Content("");
        var carrier = CarrierCatalog.Find(account.Carrier)?.ShortName ?? account.Carrier;
        var failed = account.LastFailureMessage ?? account.StateReason ?? $"{carrier} no longer accepts CarrierLink's connection.";
        var returnUrl = HttpContext.Request.Path + HttpContext.Request.QueryString;
        return View(new ReconnectPromptModel(account, carrier, failed, returnUrl));
    }
}
