using CarrierLink.Web.Configuration;
using CarrierLink.Web.Data;
using Microsoft.AspNetCore.Identity;

namespace CarrierLink.Web.Merchants;

public static class MerchantServices
{
    public static IServiceCollection AddMerchants(this IServiceCollection services)
    {
        services.AddSingleton<IPasswordHasher<User>, PasswordHasher<User>>();
        services.AddScoped<MerchantAccounts>();
        services.AddOptions<DemoSeedOptions>().BindAndValidateOnStart(DemoSeedOptions.Section)
            // Its password and API key are published in the README: a merchant anyone can sign in as.
            .Validate<IHostEnvironment>((demo, environment) => !demo.Enabled || environment.IsDevelopment(),
                $"{DemoSeedOptions.Section}:Enabled must be false outside Development: the demo merchant's password and API key are public.");
        return services;
    }
}
