using CarrierLink.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CarrierLink.Web.Notifications.Notices;

/// <summary>
/// Turns each outbox message into one notice for its merchant, unread for every user the merchant has, in the
/// dispatcher's unit of work. Messages already written (a fan-out done again) are skipped; the unique index on the
/// message id stops a second copy if two fan-outs ever raced.
/// </summary>
public sealed class NoticeWriter : IOutboxConsumer
{
    public async Task FanOutAsync(CarrierLinkDb db, IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        var ids = messages.Select(m => m.Id).ToList();
        var written = (await db.Notices.AsNoTracking().Where(n => ids.Contains(n.OutboxMessageId)).Select(n => n.OutboxMessageId)
            .ToListAsync(cancellationToken)).ToHashSet();
        var fresh = messages.Where(m => !written.Contains(m.Id)).ToList();
        if (fresh.Count == 0) return;

        var merchantIds = fresh.Select(m => m.MerchantId).Distinct().ToList();
        // Support agents have no merchant, so they never get a merchant's notices.
        var readers = (await db.Users.AsNoTracking().Where(u => u.MerchantId != null && merchantIds.Contains(u.MerchantId.Value))
            .Select(u => new { u.Id, MerchantId = u.MerchantId!.Value }).ToListAsync(cancellationToken))
            .ToLookup(u => u.MerchantId, u => u.Id);
        var now = db.UtcNow;
        foreach (var message in fresh)
        {
            var notice = new Notice
            {
                MerchantId = message.MerchantId,
                AccountId = message.AccountId,
                OutboxMessageId = message.Id,
                Type = message.Type,
                Carrier = message.Carrier,
                Nickname = message.Nickname,
                State = message.State,
                Detail = message.Detail,
                OccurredAt = message.OccurredAt,
                CreatedAt = now,
            };
            db.Notices.Add(notice);
            foreach (var userId in readers[message.MerchantId])
                db.UnreadNotices.Add(new UnreadNotice { UserId = userId, NoticeId = notice.Id, MerchantId = message.MerchantId });
        }
    }
}
