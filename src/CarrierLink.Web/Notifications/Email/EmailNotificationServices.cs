using CarrierLink.Web.Configuration;

namespace CarrierLink.Web.Notifications.Email;

public static class EmailNotificationServices
{
    /// <summary>Mail to the merchants' users about their connections, with per-user preferences and a daily digest.</summary>
    public static IServiceCollection AddEmailNotifications(this IServiceCollection services)
    {
        services.AddOptions<EmailNotificationOptions>().BindAndValidateOnStart(EmailNotificationOptions.Section);
        services.AddSingleton<EmailQueue>();
        services.AddSingleton<UnsubscribeLinks>();
        services.AddSingleton<EmailComposer>();
        services.AddScoped<UserEmailChoices>();
        services.AddScoped<MerchantEmails>();
        services.AddScoped<IOutboxConsumer, EmailFanOut>();
        services.AddScoped<IDeliveryWork, EmailDelivery>();
        return services;
    }
}
