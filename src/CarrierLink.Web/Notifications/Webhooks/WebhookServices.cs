using CarrierLink.Web.Configuration;

namespace CarrierLink.Web.Notifications.Webhooks;

public static class WebhookServices
{
    /// <summary>Signed webhooks (Standard Webhooks) to the merchants' endpoints.</summary>
    public static IServiceCollection AddWebhooks(this IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>().BindAndValidateOnStart(WebhookOptions.Section);
        services.AddSingleton<WebhookAddressPolicy>();
        services.AddHttpClient(WebhookSender.ClientName, client =>
            {
                // WebhookSender's budget on the injected TimeProvider is the only limit; this one would run on real time beside it.
                client.Timeout = Timeout.InfiniteTimeSpan;
                client.DefaultRequestHeaders.UserAgent.ParseAdd("CarrierLink-Webhooks/1.0");
            })
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                // A 3xx is a failed attempt (Standard Webhooks): the merchant should update the URL, and a redirect
                // could lead past the address check.
                AllowAutoRedirect = false,
                UseCookies = false,
                ConnectCallback = sp.GetRequiredService<WebhookAddressPolicy>().ConnectAsync,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            })
            // The client's own logs would write each endpoint's URL, and a query string may carry the receiver's token.
            .RemoveAllLoggers();
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<WebhookLogRetention>();
        services.AddScoped<WebhookEndpoints>();
        services.AddScoped<WebhookDisabledMail>();
        services.AddScoped<IOutboxConsumer, WebhookFanOut>();
        services.AddScoped<IDeliveryWork, WebhookDeliveryWork>();
        return services;
    }

    public static IEndpointRouteBuilder MapWebhooksApi(this IEndpointRouteBuilder app) => app.MapWebhookEndpointsApi();
}
