using System.Collections.Concurrent;
using CarrierLink.Web.Data;
using CarrierLink.Web.Shipping;
using Microsoft.Extensions.Options;

namespace CarrierLink.Web.Health;

/// <summary>
/// The health engine's cycle, the same on every node: claim a batch of due accounts, handle each
/// within its carrier's budget, review open incidents, and note the backlog for the metrics.
/// </summary>
public sealed class HealthEngine(
    IServiceScopeFactory scopes,
    HealthChecks checks,
    CarrierIncidents incidents,
    HealthMetrics metrics,
    OperationReconciler reconciler,
    TimeProvider time,
    IOptions<HealthOptions> options,
    ILogger<HealthEngine> logger) : IDisposable
{
    private static readonly TimeSpan BacklogEvery = TimeSpan.FromSeconds(10);
    private readonly HealthOptions _options = options.Value;
    private readonly ConcurrentDictionary<string, CarrierBudget> _budgets = new(StringComparer.Ordinal);
    private DateTimeOffset _backlogAt = DateTimeOffset.MinValue;

    /// <summary>One cycle; returns how many accounts it claimed (a full batch means more may be due).</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        List<ClaimedAccount> claimed;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CarrierLinkDb>();
            var now = db.UtcNow;
            claimed = await DueQueue.ClaimAsync(db, now, _options.BatchSize, now.AddSeconds(_options.ClaimSeconds), cancellationToken);
            await NoteBacklogAsync(db, now, cancellationToken);
        }
        metrics.Claimed(claimed.Count);
        if (claimed.Count > 0) await Task.WhenAll(claimed.Select(c => HandleAsync(c, cancellationToken)));
        await incidents.ReviewAsync(checks.CanaryAsync, cancellationToken);
        // The engine's workers also settle operations whose outcome a lost answer left unknown (issue 11).
        await reconciler.RunOnceAsync(cancellationToken);
        return claimed.Count;
    }

    /// <summary>Runs cycles until nothing is due (tests and the CLI; the background service loops instead).</summary>
    public async Task<int> RunUntilIdleAsync(CancellationToken cancellationToken, int maxCycles = 100)
    {
        var total = 0;
        for (var cycle = 0; cycle < maxCycles; cycle++)
        {
            var claimed = await RunOnceAsync(cancellationToken);
            total += claimed;
            // Note: a cycle's incident review can make accounts due (an incident ended): idle is nothing claimed and nothing due.
            if (claimed == 0 && !await AnyDueAsync(cancellationToken)) break;
        }
        return total;
    }

    private async Task<bool> AnyDueAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CarrierLinkDb>();
        var now = db.UtcNow;
        return await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(
            db.CarrierAccounts, a => a.NextDueAt <= now, cancellationToken);
    }

    private async Task HandleAsync(ClaimedAccount claimed, CancellationToken cancellationToken)
    {
        try
        {
            // Planning and warnings never call the carrier, so they do not spend its budget.
            using var slot = claimed.DueReason is DueReasons.Plan or DueReasons.ExpiryWarning ? null : await Budget(claimed.Carrier).EnterAsync(cancellationToken);
            await checks.RunAsync(claimed, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            // The claim runs out after ClaimSeconds and the account comes back: nothing is lost.
            if (DatabaseFailures.IsTransient(e))
                logger.LogWarning("Health check of account {AccountId} stopped: the database is unreachable ({Error}).", claimed.Id, e.GetType().Name);
            else
                logger.LogError(e, "Health check of account {AccountId} failed.", claimed.Id);
        }
    }

    private CarrierBudget Budget(string carrier) =>
        _budgets.GetOrAdd(carrier, _ => new CarrierBudget(_options.CarrierConcurrency, _options.CarrierCallsPerSecond, time));

    private async Task NoteBacklogAsync(CarrierLinkDb db, DateTime now, CancellationToken cancellationToken)
    {
        if (time.GetUtcNow() - _backlogAt < BacklogEvery) return;
        _backlogAt = time.GetUtcNow();
        var (due, oldest) = await DueQueue.BacklogAsync(db, now, cancellationToken);
        metrics.Backlog(due, oldest is null ? TimeSpan.Zero : now - oldest.Value);
        if (metrics.CensusDue(time.GetUtcNow())) metrics.Census(await AccountCensus.TakeAsync(db, cancellationToken));
    }

    public void Dispose()
    {
        foreach (var budget in _budgets.Values) budget.Dispose();
    }
}
