using CarrierLink.Web.Data;

namespace CarrierLink.Web.Notifications;

/// <summary>
/// One way of telling people (webhooks, email, in-app notices). It turns a message into its own rows (deliveries to
/// make, mails to send, notices to show) in the dispatcher's unit of work, so a message fans out once or not at all.
/// It must not call anything outside the database here: sending happens later, from those rows.
/// </summary>
public interface IOutboxConsumer
{
    Task FanOutAsync(CarrierLinkDb db, IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken);
}
