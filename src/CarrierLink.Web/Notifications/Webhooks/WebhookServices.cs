namespace CarrierLink.Web.Notifications.Webhooks;

public static class WebhookServices
{
    /// <summary>Signed webhooks (Standard Webhooks) to the merchants' endpoints.</summary>
    public static IServiceCollection AddWebhooks(this IServiceCollection services) => services;

    public static IEndpointRouteBuilder MapWebhooksApi(this IEndpointRouteBuilder app) => app;
}
