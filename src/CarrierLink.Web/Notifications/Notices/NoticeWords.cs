using System.Globalization;
using CarrierLink.Carriers.Catalog;
using CarrierLink.Web.Data;

namespace CarrierLink.Web.Notifications.Notices;

/// <summary>
/// What a notice says, per event, in the words of the reconnect prompt and the emails ("Your USPS account Main Warehouse
/// needs reconnecting"). Kept as data: {0} is the carrier's name from the catalog, {1} the account's nickname.
/// </summary>
public static class NoticeWords
{
    /// <param name="Headline">One sentence: whose account, what happened.</param>
    /// <param name="ShowsDetail">
    /// The timeline's words add the why (a break's reason, when a sign-in ends); for the others they only repeat the headline.
    /// </param>
    private sealed record Words(string Headline, bool ShowsDetail);

    private static readonly Dictionary<string, Words> ByEvent = new(StringComparer.Ordinal)
    {
        [NotificationEvents.Connected] = new("Your {0} account {1} is connected", false),
        [NotificationEvents.NeedsReconnect] = new("Your {0} account {1} needs reconnecting", true),
        [NotificationEvents.Reconnected] = new("Your {0} account {1} is reconnected", false),
        [NotificationEvents.SupportRequired] = new("Your {0} account {1} needs Customer Service to reconnect it", true),
        [NotificationEvents.Suspended] = new("Your {0} account {1} is suspended", true),
        [NotificationEvents.Restored] = new("Your {0} account {1} works again", false),
        [NotificationEvents.ExpiringSoon] = new("Your {0} account {1} needs reconnecting soon", true),
        [NotificationEvents.IncidentOpened] = new("{0} sign-in is having trouble: {1} is on hold, nothing to do", false),
        [NotificationEvents.IncidentClosed] = new("{0} accepts your account {1} again", false),
        [NotificationEvents.SupportRequestOpened] = new("You asked Customer Service to reconnect your {0} account {1}", false),
        [NotificationEvents.SupportRequestClosed] = new("Customer Service closed your request about your {0} account {1}", true),
        [NotificationEvents.Removed] = new("Your {0} account {1} was removed", false),
    };

    public static string CarrierName(string carrier) => CarrierCatalog.Find(carrier)?.ShortName ?? carrier;

    public static string Headline(Notice notice) =>
        ByEvent.TryGetValue(notice.Type, out var words)
            ? string.Format(CultureInfo.InvariantCulture, words.Headline, CarrierName(notice.Carrier), notice.Nickname)
            : $"{notice.Nickname}: {notice.Detail}";

    /// <summary>The sentence under the headline, or null when it would only say the headline again.</summary>
    public static string? Detail(Notice notice) =>
        ByEvent.TryGetValue(notice.Type, out var words) && !words.ShowsDetail ? null : notice.Detail;
}
