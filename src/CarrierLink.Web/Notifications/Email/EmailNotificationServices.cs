namespace CarrierLink.Web.Notifications.Email;

public static class EmailNotificationServices
{
    /// <summary>Mail to the merchants' users about their connections, with per-user preferences and a daily digest.</summary>
    public static IServiceCollection AddEmailNotifications(this IServiceCollection services) => services;
}
