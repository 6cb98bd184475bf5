using CarrierLink.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CarrierLink.Web.Notifications.Notices;

/// <summary>A notice as the list shows it: the stored facts, whether this user had seen it, and the account's state now.</summary>
public sealed record ListedNotice(Notice Notice, bool IsNew, ConnectionState AccountStateNow)
{
    public string Headline => NoticeWords.Headline(Notice);
    public string? Detail => NoticeWords.Detail(Notice);
    public string Href => NoticeLinks.For(Notice, AccountStateNow);
}

/// <summary>One user's notices: what the bell counts, what the list shows, and marking them read. Always within one merchant.</summary>
public sealed class NoticeInbox(CarrierLinkDb db)
{
    /// <summary>The bell shows "99+" beyond this, so it never counts more rows than that.</summary>
    public const int CountCap = 99;

    /// <summary>How many notices the list shows; older ones stay in each account's timeline.</summary>
    public const int ListLength = 50;

    /// <summary>The user's unread notices, up to one more than <see cref="CountCap"/>: one range of unread_notices' key.</summary>
    public Task<int> UnreadCountAsync(Guid merchantId, Guid userId, CancellationToken cancellationToken) =>
        db.UnreadNotices.Where(u => u.UserId == userId && u.MerchantId == merchantId)
            .OrderBy(u => u.NoticeId).Take(CountCap + 1).CountAsync(cancellationToken);

    public Task<List<ListedNotice>> NewestAsync(Guid merchantId, Guid? userId, CancellationToken cancellationToken) =>
        db.Notices.AsNoTracking()
            .Where(n => n.MerchantId == merchantId)
            .OrderByDescending(n => n.OccurredAt).ThenByDescending(n => n.Id)
            .Take(ListLength)
            .Select(n => new ListedNotice(
                n,
                db.UnreadNotices.Any(u => u.UserId == userId && u.NoticeId == n.Id),
                db.CarrierAccounts.Where(a => a.Id == n.AccountId && a.MerchantId == merchantId).Select(a => a.State).FirstOrDefault()))
            .ToListAsync(cancellationToken);

    /// <summary>Marks read the notices the user was shown; one written since stays unread until it is shown too.</summary>
    public Task<int> MarkReadAsync(Guid merchantId, Guid userId, IReadOnlyCollection<Guid> noticeIds, CancellationToken cancellationToken) =>
        noticeIds.Count == 0
            ? Task.FromResult(0)
            : db.UnreadNotices.Where(u => u.UserId == userId && u.MerchantId == merchantId && noticeIds.Contains(u.NoticeId))
                .ExecuteDeleteAsync(cancellationToken);

    public Task<int> MarkAllReadAsync(Guid merchantId, Guid userId, CancellationToken cancellationToken) =>
        db.UnreadNotices.Where(u => u.UserId == userId && u.MerchantId == merchantId).ExecuteDeleteAsync(cancellationToken);
}
