using CarrierLink.Web.Notifications;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace CarrierLink.Web.Health;

/// <summary>
/// One background loop of this node is alive: started, not stopped (crashed or ended), and gone round within
/// Health:WorkerStaleSeconds. A loop this node does not run (WorkersEnabled=false) is nothing to wait for.
/// </summary>
public abstract class WorkerAliveCheck(IEnumerable<IHostedService> hosted, WorkerHeartbeats heartbeats, IOptions<HealthOptions> options) : IHealthCheck
{
    protected abstract string Worker { get; }

    /// <summary>The node's running loop, or null when this node does not run it.</summary>
    protected abstract BackgroundService? Find(IEnumerable<IHostedService> services);

    /// <summary>The longest a cycle may go without a beat: the configured limit, and never less than three idle polls.</summary>
    protected abstract TimeSpan PollInterval { get; }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(Check());

    private HealthCheckResult Check()
    {
        if (Find(hosted) is not { } loop) return HealthCheckResult.Healthy("Not run on this node.");
        if (loop.ExecuteTask is not { } running) return HealthCheckResult.Unhealthy("Not started yet.");
        if (running.IsFaulted) return HealthCheckResult.Unhealthy($"Stopped by an error ({running.Exception?.GetBaseException().GetType().Name}).");
        if (running.IsCompleted) return HealthCheckResult.Unhealthy("Stopped.");
        var limit = TimeSpan.FromSeconds(options.Value.WorkerStaleSeconds);
        if (limit < 3 * PollInterval) limit = 3 * PollInterval;
        return heartbeats.SinceLastBeat(Worker) switch
        {
            null => HealthCheckResult.Unhealthy("Started, but has not gone round yet."),
            var since when since > limit => HealthCheckResult.Unhealthy($"No cycle for {since.Value.TotalSeconds:0} s (limit {limit.TotalSeconds:0} s)."),
            var since => HealthCheckResult.Healthy($"Last cycle {since.Value.TotalSeconds:0} s ago."),
        };
    }
}

public sealed class HealthEngineWorkerCheck(IEnumerable<IHostedService> hosted, WorkerHeartbeats heartbeats, IOptions<HealthOptions> options)
    : WorkerAliveCheck(hosted, heartbeats, options)
{
    private readonly HealthOptions _options = options.Value;
    protected override string Worker => WorkerHeartbeats.HealthEngine;
    protected override TimeSpan PollInterval => TimeSpan.FromMilliseconds(_options.PollMilliseconds);
    protected override BackgroundService? Find(IEnumerable<IHostedService> services) => services.OfType<HealthWorker>().FirstOrDefault();
}

public sealed class NotificationWorkerCheck(
    IEnumerable<IHostedService> hosted, WorkerHeartbeats heartbeats, IOptions<HealthOptions> options, IOptions<NotificationOptions> notifications)
    : WorkerAliveCheck(hosted, heartbeats, options)
{
    protected override string Worker => WorkerHeartbeats.Notifications;
    protected override TimeSpan PollInterval => TimeSpan.FromMilliseconds(notifications.Value.PollMilliseconds);
    protected override BackgroundService? Find(IEnumerable<IHostedService> services) =>
        notifications.Value.WorkersEnabled ? services.OfType<NotificationWorker>().FirstOrDefault() : null;
}
