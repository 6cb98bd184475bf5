using Microsoft.Extensions.Options;

namespace CarrierLink.Web.Notifications;

/// <summary>
/// The notification loop of one node: fan out the outbox, then send what is due, and rest only when neither found work.
/// Every node may run it; the claims keep them apart.
/// </summary>
public sealed partial class NotificationWorker(IServiceScopeFactory scopes, IOptions<NotificationOptions> options, TimeProvider time,
    Health.WorkerHeartbeats heartbeats, ILogger<NotificationWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.WorkersEnabled) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            heartbeats.Beat(Health.WorkerHeartbeats.Notifications);
            var done = 0;
            try
            {
                done = await RunOnceAsync(scopes, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // A database blip or a bug in one batch must not stop the loop; the claims let the work be picked up again.
                LogCycleFailed(logger, e);
            }
            if (done == 0) await Task.Delay(TimeSpan.FromMilliseconds(options.Value.PollMilliseconds), time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>One cycle: a batch of the outbox and a batch of every kind of sending. Tests call it through <see cref="RunUntilIdleAsync"/>.</summary>
    public static async Task<int> RunOnceAsync(IServiceScopeFactory scopes, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var done = await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().DispatchBatchAsync(cancellationToken);
        foreach (var work in scope.ServiceProvider.GetServices<IDeliveryWork>()) done += await work.RunBatchAsync(cancellationToken);
        return done;
    }

    /// <summary>Cycles until a cycle finds nothing to do (what is due now; retries scheduled later wait for their time).</summary>
    public static async Task RunUntilIdleAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var scopes = services.GetRequiredService<IServiceScopeFactory>();
        for (var cycle = 0; cycle < 1000 && await RunOnceAsync(scopes, cancellationToken) > 0; cycle++) { }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A notification cycle failed; its work is picked up again once its claims run out.")]
    private static partial void LogCycleFailed(ILogger logger, Exception exception);
}
