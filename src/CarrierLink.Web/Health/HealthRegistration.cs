using CarrierLink.Web.Configuration;

namespace CarrierLink.Web.Health;

public static class HealthRegistration
{
    /// <summary>The health engine: incidents, checks and the background worker (when this node runs workers).</summary>
    public static IServiceCollection AddHealthEngine(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<HealthOptions>().BindAndValidateOnStart(HealthOptions.Section)
            // Note: the binder appends a configured array to the default one ([3, 1] + [7] = [3, 1, 7]); configured days replace the defaults.
            .Configure<IConfiguration>((options, config) =>
            {
                if (config.GetSection($"{HealthOptions.Section}:{nameof(HealthOptions.ExpiryWarningDays)}").Get<int[]>() is { Length: > 0 } days)
                    options.ExpiryWarningDays = days;
            });
        services.AddSingleton<HealthMetrics>();
        services.AddSingleton<CarrierIncidents>();
        services.AddSingleton<HealthChecks>();
        services.AddSingleton<HealthEngine>();
        if (configuration.GetValue(HealthOptions.Section + ":" + nameof(HealthOptions.WorkersEnabled), true))
            services.AddHostedService<HealthWorker>();
        return services;
    }
}
