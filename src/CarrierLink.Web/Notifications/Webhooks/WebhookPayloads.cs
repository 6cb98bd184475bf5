using System.Text.Json;
using CarrierLink.Web.Data;

namespace CarrierLink.Web.Notifications.Webhooks;

/// <summary>The account an event is about, as the webhook carries it.</summary>
public sealed record WebhookAccount(Guid Id, string Carrier, string Nickname, string State, string? StateReason, string? StateReasonCode);

/// <summary>The data of an account.* event.</summary>
public sealed record WebhookAccountEventData(WebhookAccount Account, string? ReconnectUrl, DateTime OccurredAt, string Detail);

/// <summary>The data of a webhook.test event.</summary>
public sealed record WebhookTestEventData(Guid EndpointId, string Message);

/// <summary>A Standard Webhooks payload: the event's type, when it happened, and its data.</summary>
public sealed record WebhookEvent<T>(string Type, DateTime Timestamp, T Data);

/// <summary>The bodies CarrierLink sends, written once per delivery so every attempt sends (and signs) the same bytes.</summary>
public static class WebhookPayloads
{
    /// <summary>Sent by "Send a test event"; every endpoint gets it, whichever event types it chose.</summary>
    public const string TestEventType = "webhook.test";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = false,
    };

    public static string ForMessage(OutboxMessage message, Uri publicBaseUrl)
    {
        var occurredAt = DateTime.SpecifyKind(message.OccurredAt, DateTimeKind.Utc);
        var account = new WebhookAccount(
            message.AccountId, message.Carrier, message.Nickname, message.State, message.Reason, message.ReasonCode);
        // A break says where a person fixes it: the page that starts the reconnect, the same one the API's 424 names.
        var reconnectUrl = NotificationEvents.Breaks.Contains(message.Type)
            ? new Uri(publicBaseUrl, $"settings/carriers/{message.Carrier}/accounts/{message.AccountId}/reconnect").ToString()
            : null;
        return JsonSerializer.Serialize(
            new WebhookEvent<WebhookAccountEventData>(message.Type, occurredAt, new(account, reconnectUrl, occurredAt, message.Detail)), Json);
    }

    public static string TestEvent(Guid endpointId, DateTime now) =>
        JsonSerializer.Serialize(new WebhookEvent<WebhookTestEventData>(TestEventType, DateTime.SpecifyKind(now, DateTimeKind.Utc),
            new(endpointId, "A test event from CarrierLink: your endpoint received it. Verify its webhook-signature with your secret.")), Json);
}
