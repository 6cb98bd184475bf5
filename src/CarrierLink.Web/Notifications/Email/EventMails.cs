using CarrierLink.Carriers.Catalog;
using CarrierLink.Web.Data;
using CarrierLink.Web.Pages;

namespace CarrierLink.Web.Notifications.Email;

/// <summary>What one mail (or one digest entry) says: a headline, a plain-text body and at most one action.</summary>
/// <param name="ActionPath">Where the action leads, relative to the public base URL (a merchant page: the link leads through sign-in).</param>
public sealed record MailItem(string EventType, string Headline, string Body, string? ActionLabel = null, string? ActionPath = null);

/// <summary>
/// The words of each connection event's mail, in the merchant's terms: the carrier's name from the catalogue, the
/// account's nickname, what happened and the one thing to do about it (the same fix every badge of the account offers).
/// </summary>
public static class EventMails
{
    public static MailItem For(OutboxMessage m)
    {
        var descriptor = CarrierCatalog.Find(m.Carrier);
        var your = $"Your {descriptor?.Name ?? m.Carrier} account {m.Nickname}";
        var carrier = descriptor?.ShortName ?? m.Carrier;
        var account = new CarrierAccount
        {
            Id = m.AccountId, MerchantId = m.MerchantId, Carrier = m.Carrier, Nickname = m.Nickname,
            State = ConnectionStateSlugs.FromSlug(m.State), StateReason = m.Reason,
        };
        var view = $"/settings/carriers/{m.Carrier}/accounts/{m.AccountId}";
        var why = m.Reason ?? m.Detail;
        // The fix the account's badges offer now; for a warning about an account that still works, its reconnect.
        var fix = AccountFixes.For(account);
        var reconnect = AccountFixes.For(new CarrierAccount
        {
            Id = m.AccountId, Carrier = m.Carrier, Nickname = m.Nickname, State = ConnectionState.NeedsReconnect,
        });

        return m.Type switch
        {
            NotificationEvents.NeedsReconnect => new(m.Type, $"{your} needs reconnecting",
                $"{why}\n\nUntil it is reconnected, CarrierLink cannot get rates, buy labels or schedule pickups with it. "
                + "Reconnecting keeps its name, settings, labels and history.",
                fix?.Label ?? "Reconnect", fix?.Href ?? view),
            NotificationEvents.SupportRequired => new(m.Type, $"{your} needs Customer Service to reconnect it",
                $"{why}\n\n{fix?.Explanation ?? $"Only Customer Service can reconnect this {carrier} account."}",
                fix?.Label ?? "View account", fix?.Href ?? view),
            NotificationEvents.Suspended => new(m.Type, $"{your} is suspended by {carrier}",
                $"{why}\n\nCarrierLink cannot ship with it until {carrier} lifts the suspension; it notices by itself when that happens.",
                "View account", view),
            NotificationEvents.Reconnected => new(m.Type, $"{your} is reconnected",
                $"{m.Detail}\n\nIt works again: rates, labels and pickups go through as before.", "View account", view),
            NotificationEvents.Restored => new(m.Type, $"{your} works again",
                $"{m.Detail}\n\nNothing to do: {carrier} accepts the connection again.", "View account", view),
            NotificationEvents.ExpiringSoon => new(m.Type, $"{your} needs reconnecting soon",
                m.Detail, reconnect?.Label ?? "View account", reconnect?.Href ?? view),
            NotificationEvents.SupportRequestOpened => new(m.Type, $"Customer Service is asked to reconnect {Lower(your)}",
                $"{m.Detail}\n\nWe mail you again when the request is closed.", "View account", view),
            NotificationEvents.SupportRequestClosed => new(m.Type, $"The support request for {Lower(your)} is closed",
                m.Detail, "View account", view),
            NotificationEvents.Connected => new(m.Type, $"{your} is connected", m.Detail, "View account", view),
            NotificationEvents.Removed => new(m.Type, $"{your} is removed from CarrierLink", m.Detail, "Carrier Settings", "/settings/carriers"),
            NotificationEvents.IncidentOpened => new(m.Type, $"{carrier} is having trouble: a change to {Lower(your)} is on hold",
                m.Detail, "View account", view),
            NotificationEvents.IncidentClosed => new(m.Type, $"{carrier}'s trouble is over for {Lower(your)}", m.Detail, "View account", view),
            _ => new(m.Type, $"{your}: {m.Detail}", m.Detail, "View account", view),
        };
    }

    /// <summary>The mail about a webhook endpoint that CarrierLink stopped calling after it kept failing.</summary>
    public static MailItem WebhookEndpointDisabled(string endpointUrl, string why) =>
        new(EmailTopics.WebhookEndpointDisabled, $"Your webhook endpoint {endpointUrl} is disabled",
            $"{why}\n\nCarrierLink sends it no more events. Fix the receiver, then enable the endpoint again in Settings > Webhooks.",
            "Webhook settings", "/settings/webhooks");

    private static string Lower(string your) => "your" + your[4..];
}
