using CarrierLink.Web.Configuration;
using CarrierLink.Web.Notifications.Email;
using CarrierLink.Web.Notifications.Notices;
using CarrierLink.Web.Notifications.Webhooks;

namespace CarrierLink.Web.Notifications;

public static class NotificationServices
{
    /// <summary>The outbox, its dispatcher and the loop that runs it; each way of telling people registers its consumer.</summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.AddOptions<NotificationOptions>().BindAndValidateOnStart(NotificationOptions.Section);
        services.AddScoped<OutboxDispatcher>();
        services.AddHostedService<NotificationWorker>();
        services.AddWebhooks();
        services.AddEmailNotifications();
        services.AddNotices();
        return services;
    }
}
