using CarrierLink.Web.Data;

namespace CarrierLink.Web.Notifications.Email;

/// <summary>
/// The outbox's email consumer: each connection event becomes a mail job per user of the merchant who wants it. The
/// outbox holds one message per change, so a break is one mail, however many operations failed on it.
/// </summary>
public sealed class EmailFanOut(EmailQueue queue) : IOutboxConsumer
{
    public async Task FanOutAsync(CarrierLinkDb db, IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        var mails = messages
            .Where(m => EmailTopics.Find(m.Type) is not null)
            .Select(m => new MailToMerchant(m.MerchantId, m.Id, m.OccurredAt, EventMails.For(m)))
            .ToList();
        await queue.AddAsync(db, mails, cancellationToken);
    }
}
