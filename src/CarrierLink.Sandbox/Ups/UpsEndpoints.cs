using CarrierLink.Sandbox.Ups.Api;
using CarrierLink.Sandbox.Ups.Oauth;
using CarrierLink.Sandbox.Ups.Site;
using CarrierLink.Sandbox.Usps.Oauth;
using Microsoft.Extensions.Options;

namespace CarrierLink.Sandbox.Ups;

/// <summary>Everything UPS: the UPS.com pages, OAuth (/security/v1/oauth), Rating, Shipping, Pickup, and its control endpoints.</summary>
public static class UpsEndpoints
{
    public static IServiceCollection AddUps(this IServiceCollection services)
    {
        services.AddOptions<UpsSandboxOptions>().BindConfiguration(UpsSandboxOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<UpsSandboxOptions>, UpsSandboxOptionsValidator>();
        // UPS's authorization requests and codes are its own: same classes as USPS's, separate instances.
        return services
            .AddKeyedSingleton<AuthorizationRequests>(Carriers.Ups)
            .AddKeyedSingleton<AuthorizationCodes>(Carriers.Ups)
            .AddSingleton<UpsSettingsStore>()
            .AddSingleton<UpsGrants>()
            .AddSingleton<UpsShipmentStore>();
    }

    public static void MapUps(this IEndpointRouteBuilder app)
    {
        app.MapUpsAuthorizeEndpoint();
        app.MapUpsTokenEndpoints();
        app.MapUpsLoginPages();
        app.MapUpsConsentPages();
        app.MapUpsRating();
        app.MapUpsShipping();
        app.MapUpsPickups();
        app.MapUpsControl();
    }
}
