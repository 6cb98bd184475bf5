using CarrierLink.Web.Merchants;
using Microsoft.AspNetCore.Mvc;

namespace CarrierLink.Web.Notifications.Notices;

/// <param name="Unread">Up to <see cref="NoticeInbox.CountCap"/> + 1; more reads as "99+".</param>
/// <param name="Current">The page is the notices list itself (aria-current).</param>
public sealed record NoticeBellModel(int Unread, bool Current)
{
    public string CountText =>
        Unread > NoticeInbox.CountCap ? $"{NoticeInbox.CountCap}+" : Unread.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The link's name for screen readers: "Notices, 2 unread", or "Notices" when there is nothing new.</summary>
    public string AccessibleName => Unread == 0 ? "Notices" : $"Notices, {CountText} unread";
}

/// <summary>
/// The bell in the header of every merchant page: a link to /notices with the signed-in user's unread count, one
/// indexed count per page (the notices page, which has just counted, hands its count over instead).
/// </summary>
public sealed class NoticeBellViewComponent(NoticeInbox inbox) : ViewComponent
{
    /// <summary>HttpContext.Items key under which a page that already knows the unread count leaves it for the bell.</summary>
    public static readonly object KnownUnreadCount = new();

    public async Task<IViewComponentResult> InvokeAsync(bool current = false)
    {
        var principal = UserClaimsPrincipal;
        if (CarrierLinkClaims.MerchantIdOf(principal) is not { } merchantId || CarrierLinkClaims.UserIdOf(principal) is not { } userId)
            return Content("");
        var unread = HttpContext.Items[KnownUnreadCount] is int known
            ? known
            : await inbox.UnreadCountAsync(merchantId, userId, HttpContext.RequestAborted);
        return View("/Pages/Notices/_Bell.cshtml", new NoticeBellModel(unread, current));
    }
}
