using CarrierLink.Carriers.Catalog;
using CarrierLink.Web.Data;
using CarrierLink.Web.Pages;

namespace CarrierLink.Web.Notifications.Notices;

/// <summary>Where a notice leads: the account's page, or while a break lasts, the page that fixes it.</summary>
public static class NoticeLinks
{
    /// <param name="now">The account's state as it is now, not when the notice was written.</param>
    public static string For(Notice notice, ConnectionState now)
    {
        var descriptor = CarrierCatalog.Find(notice.Carrier);
        // A removed account has no page of its own any more; its carrier's list is where it was.
        if (now == ConnectionState.Disconnected) return CarrierListPath(notice.Carrier, descriptor);
        // A break leads to its fix (the same Reconnect or Request help the prompt and badges offer) while the account is
        // still broken that way; once fixed, an old break notice leads to the account, not to a reconnect it no longer needs.
        if (NotificationEvents.Breaks.Contains(notice.Type) && now.ToSlug() == notice.State
            && AccountFixes.For(new CarrierAccount { Id = notice.AccountId, Carrier = notice.Carrier, Nickname = notice.Nickname, State = now })
                is { } fix)
            return fix.Href;
        return AccountPath(notice);
    }

    public static string AccountPath(Notice notice) => $"/settings/carriers/{notice.Carrier}/accounts/{notice.AccountId}";

    private static string CarrierListPath(string carrier, CarrierDescriptor? descriptor) =>
        descriptor is null ? "/settings/carriers" : Pages.CarrierPages.Home(descriptor);
}
