using CarrierLink.Web.Data;

namespace CarrierLink.Web.Notifications.Email;

/// <summary>
/// The outbox's email consumer: each connection event becomes a mail job per user of the merchant who wants it. The
/// outbox holds one message per change, so a break is one mail, however many operations failed on it.
/// </summary>
public sealed class EmailFanOut(EmailQueue queue) : IOutboxConsumer
{
    /// <summary>Messages of one account and event type this close together come from one change (see <see cref="OnePerChange"/>).</summary>
    private static readonly TimeSpan SameChange = TimeSpan.FromSeconds(1);

    public async Task FanOutAsync(CarrierLinkDb db, IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        var mails = OnePerChange(messages)
            .Where(m => EmailTopics.Find(m.Type) is not null)
            .Select(m => new MailToMerchant(m.MerchantId, m.Id, m.OccurredAt, EventMails.For(m)))
            .ToList();
        await queue.AddAsync(db, mails, cancellationToken);
    }

    /// <summary>
    /// Note: one change can write two timeline entries that are the same event (an agent's reconnect writes
    /// support_reconnected and reconnected in one SaveChanges), and the outbox tells both; the merchant gets one mail.
    /// </summary>
    private static IEnumerable<OutboxMessage> OnePerChange(IReadOnlyList<OutboxMessage> messages)
    {
        var last = new Dictionary<(Guid AccountId, string Type), DateTime>();
        foreach (var message in messages.OrderBy(m => m.Id))
        {
            var key = (message.AccountId, message.Type);
            var repeat = last.TryGetValue(key, out var previous) && (message.OccurredAt - previous).Duration() < SameChange;
            last[key] = message.OccurredAt;
            if (!repeat) yield return message;
        }
    }
}
