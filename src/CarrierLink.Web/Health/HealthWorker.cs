using CarrierLink.Web.Data;
using Microsoft.Extensions.Options;

namespace CarrierLink.Web.Health;

/// <summary>Runs the health engine's cycle in the background on this node, and keeps going through database outages.</summary>
public sealed class HealthWorker(HealthEngine engine, TimeProvider time, IOptions<HealthOptions> options, WorkerHeartbeats heartbeats, ILogger<HealthWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        heartbeats.Beat(WorkerHeartbeats.HealthEngine);
        var poll = TimeSpan.FromMilliseconds(options.Value.PollMilliseconds);
        // Note: give start-up (migrations, the key ring) a moment before the first claim.
        await Task.Delay(poll, time, stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            heartbeats.Beat(WorkerHeartbeats.HealthEngine);
            var claimed = 0;
            try
            {
                claimed = await engine.RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (DatabaseFailures.IsTransient(e))
            {
                logger.LogWarning("The health engine cannot reach the database ({Error}); it tries again shortly.", e.GetType().Name);
            }
            catch (Exception e)
            {
                logger.LogError(e, "A health engine cycle failed.");
            }
            // A full batch means more is due: go again at once; otherwise wait for the next poll.
            if (claimed < options.Value.BatchSize) await Task.Delay(poll, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}
