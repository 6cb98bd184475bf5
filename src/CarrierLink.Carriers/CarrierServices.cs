using CarrierLink.Carriers.OAuth;
using CarrierLink.Carriers.Usps;
using Microsoft.Extensions.DependencyInjection;

namespace CarrierLink.Carriers;

public static class CarrierServices
{
    /// <summary>Registers every carrier client with its options section (see appsettings "Carriers").</summary>
    public static IServiceCollection AddCarrierClients(this IServiceCollection services)
    {
        services.TryAddTimeProvider();
        services.AddOptions<UspsOptions>().BindConfiguration(UspsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpClient<UspsOAuthClient>();
        services.AddTransient<IOAuthCarrierClient>(sp => sp.GetRequiredService<UspsOAuthClient>());
        services.AddHttpClient<UspsShippingClient>();
        services.AddTransient<Shipping.IShippingCarrierClient>(sp => sp.GetRequiredService<UspsShippingClient>());
        return services;
    }

    private static void TryAddTimeProvider(this IServiceCollection services)
    {
        if (services.All(d => d.ServiceType != typeof(TimeProvider))) services.AddSingleton(TimeProvider.System);
    }
}
