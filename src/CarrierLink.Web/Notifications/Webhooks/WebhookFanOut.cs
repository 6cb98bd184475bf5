using CarrierLink.Web.Connect;
using CarrierLink.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CarrierLink.Web.Notifications.Webhooks;

/// <summary>
/// The outbox's webhook consumer: one delivery per message and endpoint that wants its type, due at once, written in
/// the dispatcher's unit of work. Nothing is sent here; <see cref="WebhookDeliveryWork"/> sends from the rows.
/// </summary>
public sealed class WebhookFanOut(IOptions<ConnectOptions> connect) : IOutboxConsumer
{
    public async Task FanOutAsync(CarrierLinkDb db, IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        var merchantIds = messages.Select(m => m.MerchantId).Distinct().ToList();
        var endpoints = await db.WebhookEndpoints.AsNoTracking()
            .Where(e => merchantIds.Contains(e.MerchantId) && e.DisabledAt == null)
            .Select(e => new { e.Id, e.MerchantId, e.EventTypes })
            .ToListAsync(cancellationToken);
        if (endpoints.Count == 0) return;

        // A fan-out done again after a crash finds the deliveries it made and adds none (the unique index backs this up).
        var messageIds = messages.Select(m => m.Id).ToList();
        var made = (await db.WebhookDeliveries.AsNoTracking().Where(d => d.MessageId != null && messageIds.Contains(d.MessageId.Value))
            .Select(d => new { d.EndpointId, d.MessageId }).ToListAsync(cancellationToken))
            .Select(d => (d.EndpointId, d.MessageId!.Value)).ToHashSet();

        var now = db.UtcNow;
        foreach (var message in messages)
        {
            string? payload = null;
            foreach (var endpoint in endpoints)
            {
                if (endpoint.MerchantId != message.MerchantId || !WebhookEventTypes.Wants(endpoint.EventTypes, message.Type)) continue;
                if (made.Contains((endpoint.Id, message.Id))) continue;
                db.WebhookDeliveries.Add(new WebhookDelivery
                {
                    EndpointId = endpoint.Id,
                    MerchantId = message.MerchantId,
                    MessageId = message.Id,
                    Type = message.Type,
                    Payload = payload ??= WebhookPayloads.ForMessage(message, connect.Value.PublicBaseUrl!),
                    Status = WebhookDeliveryStatus.Pending,
                    OccurredAt = message.OccurredAt,
                    CreatedAt = now,
                    NextAttemptAt = now,
                });
            }
        }
    }
}
