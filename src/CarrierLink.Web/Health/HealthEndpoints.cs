using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CarrierLink.Web.Health;

/// <summary>
/// The probes orchestrators and load balancers ask: /health/live (the process answers; no dependency, so a database
/// outage never gets a node restarted) and /health/ready (this node can do its work: database, migrations, key ring, its
/// background loops). Both answer {status, checks: {name: {status, description}}}, 200 when healthy, 503 when not, never
/// cached. /health stays as it was, the plain-text liveness answer the benchmark tools wait for.
/// </summary>
public static class HealthEndpoints
{
    public const string ReadyTag = "ready";
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    public static IServiceCollection AddCarrierLinkHealthChecks(this IServiceCollection services)
    {
        services.AddSingleton<WorkerHeartbeats>();
        services.AddHealthChecks()
            .AddCheck<DatabaseReachableCheck>("database", tags: [ReadyTag], timeout: CheckTimeout)
            .AddCheck<MigrationsAppliedCheck>("migrations", tags: [ReadyTag], timeout: CheckTimeout)
            .AddCheck<KeyRingReadableCheck>("key_ring", tags: [ReadyTag], timeout: CheckTimeout)
            .AddCheck<HealthEngineWorkerCheck>("health_engine_worker", tags: [ReadyTag])
            .AddCheck<NotificationWorkerCheck>("notification_worker", tags: [ReadyTag]);
        return services;
    }

    public static WebApplication MapCarrierLinkHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteJsonAsync });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteJsonAsync });
        return app;
    }

    private static Task WriteJsonAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        };
        return JsonSerializer.SerializeAsync(http.Response.Body, body, cancellationToken: http.RequestAborted);
    }
}
