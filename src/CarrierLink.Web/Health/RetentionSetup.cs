using CarrierLink.Web.Configuration;
using CarrierLink.Web.Health;

// Note: in the app's root namespace, so ServiceRegistration registers retention in one line without a using.
namespace CarrierLink.Web;

public static class RetentionSetup
{
    /// <summary>The retention options, the one-sweep service (for the CLI and tests) and the background loop.</summary>
    public static IServiceCollection AddRetention(this IServiceCollection services)
    {
        services.AddOptions<RetentionOptions>().BindAndValidateOnStart(RetentionOptions.Section);
        services.AddScoped<RetentionSweep>();
        services.AddHostedService<RetentionService>();
        return services;
    }
}
