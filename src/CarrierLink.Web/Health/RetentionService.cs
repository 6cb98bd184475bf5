using System.Security.Cryptography;
using CarrierLink.Web.Data;
using Microsoft.Extensions.Options;

namespace CarrierLink.Web.Health;

/// <summary>
/// Runs a retention sweep on every node every SweepIntervalMinutes (the lock lets one through at a
/// time). The first sweep waits a random part of the first minute, so nodes that start together
/// do not all queue for the lock at once.
/// </summary>
internal sealed class RetentionService(IServiceScopeFactory scopes, IOptions<RetentionOptions> options, TimeProvider time, ILogger<RetentionService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled) return;
        var delay = TimeSpan.FromMilliseconds(RandomNumberGenerator.GetInt32(60_000));
        try
        {
            while (true)
            {
                await Task.Delay(delay, time, stoppingToken);
                await SweepAsync(stoppingToken);
                delay = TimeSpan.FromMinutes(options.Value.SweepIntervalMinutes);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task SweepAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<RetentionSweep>().RunOnceAsync(stoppingToken);
        }
        catch (Exception e) when (DatabaseFailures.IsTransient(e))
        {
            // The database is briefly away; the next sweep catches up, so no stack trace.
            logger.LogWarning("Retention sweep skipped: the database is unreachable ({Reason}).", e.GetBaseException().Message);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            // A failed sweep must not stop the host; the next one tries again.
            logger.LogError(e, "Retention sweep failed.");
        }
    }
}
