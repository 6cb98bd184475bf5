using CarrierLink.Carriers.OAuth;
using CarrierLink.Carriers.Shipping;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CarrierLink.Carriers.Ups;

public static class UpsClientServices
{
    /// <summary>
    /// Registers UPS direct: <see cref="UpsOptions"/> from "Carriers:Ups" (checked at start-up), <see cref="UpsOAuthClient"/>
    /// as an <see cref="IOAuthCarrierClient"/> and <see cref="UpsShippingClient"/> as an <see cref="IShippingCarrierClient"/>.
    /// </summary>
    public static IServiceCollection AddUpsClients(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<UpsOptions>().BindConfiguration(UpsOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<UpsOptions>, UpsOptionsValidator>());
        services.AddHttpClient<UpsOAuthClient>().WithCarrierTimeout<UpsOptions>(o => o.TimeoutSeconds);
        services.AddTransient<IOAuthCarrierClient>(sp => sp.GetRequiredService<UpsOAuthClient>());
        services.AddHttpClient<UpsShippingClient>().WithCarrierTimeout<UpsOptions>(o => o.TimeoutSeconds);
        services.AddTransient<IShippingCarrierClient>(sp => sp.GetRequiredService<UpsShippingClient>());
        return services;
    }
}
