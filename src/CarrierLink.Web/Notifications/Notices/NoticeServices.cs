namespace CarrierLink.Web.Notifications.Notices;

public static class NoticeServices
{
    /// <summary>In-app notices: the bell on every page and the notices list.</summary>
    public static IServiceCollection AddNotices(this IServiceCollection services)
    {
        services.AddScoped<IOutboxConsumer, NoticeWriter>();
        services.AddScoped<NoticeInbox>();
        return services;
    }
}
