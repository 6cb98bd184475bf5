using CarrierLink.Carriers.Catalog;
using CarrierLink.Carriers.FedEx;
using CarrierLink.Carriers.Ups;
using CarrierLink.Carriers.OAuth;
using CarrierLink.Carriers.Stamps;
using Microsoft.Extensions.Options;
using CarrierLink.Carriers.Usps;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CarrierLink.Carriers;

public static class CarrierServices
{
    /// <summary>Registers every carrier client with its options section (see appsettings "Carriers").</summary>
    public static IServiceCollection AddCarrierClients(this IServiceCollection services)
    {
        services.TryAddTimeProvider();
        services.AddOptions<UspsOptions>().BindConfiguration(UspsOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<UspsOptions>, UspsOptionsValidator>());
        services.AddHttpClient<UspsOAuthClient>().WithCarrierTimeout<UspsOptions>(o => o.TimeoutSeconds);
        services.AddTransient<IOAuthCarrierClient>(sp => sp.GetRequiredService<UspsOAuthClient>());
        services.AddHttpClient<UspsShippingClient>().WithCarrierTimeout<UspsOptions>(o => o.TimeoutSeconds);
        services.AddTransient<Shipping.IShippingCarrierClient>(sp => sp.GetRequiredService<UspsShippingClient>());

        // One Balance: the same Stamps.com account ships USPS (as "stamps") and UPS (as "ups_one_balance").
        services.AddOptions<StampsOptions>().BindConfiguration(StampsOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StampsOptions>, StampsOptionsValidator>());
        services.AddHttpClient(nameof(StampsClient)).WithCarrierTimeout<StampsOptions>(o => o.TimeoutSeconds);
        foreach (var (code, sera) in new[] { (CarrierCodes.Stamps, "usps"), (CarrierCodes.UpsOneBalance, "ups") })
        {
            services.AddKeyedTransient<StampsClient>(code, (sp, _) => new StampsClient(
                sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(StampsClient)),
                sp.GetRequiredService<IOptions<StampsOptions>>(), sp.GetRequiredService<TimeProvider>(), code, sera));
            services.AddTransient<IPasswordCarrierClient>(sp => sp.GetRequiredKeyedService<StampsClient>(code));
            services.AddTransient<Shipping.IShippingCarrierClient>(sp => sp.GetRequiredKeyedService<StampsClient>(code));
        }
        services.AddUpsClients();
        services.AddFedExClients();
        return services;
    }

    private static void TryAddTimeProvider(this IServiceCollection services)
    {
        if (services.All(d => d.ServiceType != typeof(TimeProvider))) services.AddSingleton(TimeProvider.System);
    }
}
