using CarrierLink.Carriers.Registration;
using CarrierLink.Carriers.Shipping;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CarrierLink.Carriers.FedEx;

public static class FedExServiceCollectionExtensions
{
    /// <summary>FedEx's clients and their options (section Carriers:FedEx), as IRegistrationCarrierClient and IShippingCarrierClient.</summary>
    public static IServiceCollection AddFedExClients(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<FedExOptions>().BindConfiguration(FedExOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FedExOptions>, FedExOptionsValidator>());
        services.TryAddSingleton<FedExParentToken>();
        services.AddHttpClient<FedExRegistrationClient>().WithCarrierTimeout<FedExOptions>(o => o.TimeoutSeconds);
        services.AddHttpClient<FedExShippingClient>().WithCarrierTimeout<FedExOptions>(o => o.TimeoutSeconds);
        services.AddTransient<IRegistrationCarrierClient>(sp => sp.GetRequiredService<FedExRegistrationClient>());
        services.AddTransient<IShippingCarrierClient>(sp => sp.GetRequiredService<FedExShippingClient>());
        return services;
    }
}
