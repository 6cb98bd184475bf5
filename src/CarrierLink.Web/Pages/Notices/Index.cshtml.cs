using CarrierLink.Web.Notifications.Notices;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CarrierLink.Web.Pages.Notices;

/// <summary>
/// The merchant's notices, newest first, each leading to its account (or, while a break lasts, to its fix). Opening the
/// page marks read what it shows; "Mark all as read" is offered while unread notices remain that it did not show.
/// </summary>
/// <remarks>
/// A merchant's page like Settings and Ship (support agents have no notices). Said here, not as a folder convention from
/// AddNotices: that runs before AddRazorPages, whose own options setup then creates the conventions collection afresh.
/// </remarks>
[Authorize(Policy = PagePolicies.Merchant)]
public sealed class NoticesModel(NoticeInbox inbox) : MerchantPageModel
{
    public IReadOnlyList<ListedNotice> Notices { get; private set; } = [];

    /// <summary>Unread notices this page did not show (older than the list, or written since it was read).</summary>
    public int UnreadNotShown { get; private set; }

    public string UnreadNotShownText => new NoticeBellModel(UnreadNotShown, false).CountText;

    /// <summary>Back from "Mark all as read".</summary>
    public bool MarkedAll { get; private set; }

    public async Task<IActionResult> OnGetAsync(bool marked, CancellationToken cancellationToken)
    {
        Notices = await inbox.NewestAsync(MerchantId, UserId, cancellationToken);
        if (UserId is { } userId)
        {
            await inbox.MarkReadAsync(MerchantId, userId, Notices.Where(n => n.IsNew).Select(n => n.Notice.Id).ToList(), cancellationToken);
            UnreadNotShown = await inbox.UnreadCountAsync(MerchantId, userId, cancellationToken);
        }
        HttpContext.Items[NoticeBellViewComponent.KnownUnreadCount] = UnreadNotShown;
        MarkedAll = marked;
        return Page();
    }

    public async Task<IActionResult> OnPostMarkAllReadAsync(CancellationToken cancellationToken)
    {
        if (UserId is { } userId) await inbox.MarkAllReadAsync(MerchantId, userId, cancellationToken);
        return RedirectToPage(new { marked = true });
    }
}
