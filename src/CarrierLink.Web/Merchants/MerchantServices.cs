using CarrierLink.Web.Data;
using Microsoft.AspNetCore.Identity;

namespace CarrierLink.Web.Merchants;

public static class MerchantServices
{
    public static IServiceCollection AddMerchants(this IServiceCollection services)
    {
        services.AddSingleton<IPasswordHasher<User>, PasswordHasher<User>>();
        services.AddScoped<MerchantAccounts>();
        services.AddOptions<DemoSeedOptions>().BindConfiguration(DemoSeedOptions.Section);
        return services;
    }
}
