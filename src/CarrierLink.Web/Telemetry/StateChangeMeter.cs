using System.Runtime.CompilerServices;
using CarrierLink.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CarrierLink.Web.Telemetry;

/// <summary>
/// Counts connection state changes once they are saved, whoever made them (the ledger, a reconnect, the health engine):
/// noted from the change tracker as the save starts, counted only when it succeeded, so a save lost to a concurrency
/// conflict and retried counts once. (A save inside a transaction that is rolled back later would still count; no state
/// change is written that way today.)
/// </summary>
public sealed class StateChangeMeter(CarrierLinkMetrics metrics) : SaveChangesInterceptor
{
    private readonly ConditionalWeakTable<DbContext, List<(string Carrier, string From, string To)>> _pending = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Note(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Note(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Count(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Count(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Forget(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    public override void SaveChangesCanceled(DbContextEventData eventData) => Forget(eventData.Context);

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    private void Note(DbContext? context)
    {
        if (context is null) return;
        var tracker = context.ChangeTracker;
        // CarrierLinkDb has just detected changes (and SaveChanges does once more): a third pass over everything tracked
        // would cost what issue 12's profile measured, and reading the entries needs none.
        var detect = tracker.AutoDetectChangesEnabled;
        tracker.AutoDetectChangesEnabled = false;
        try
        {
            List<(string, string, string)>? changes = null;
            foreach (var entry in tracker.Entries<CarrierAccount>())
            {
                var from = entry.State switch
                {
                    EntityState.Added => "new",
                    EntityState.Modified when entry.Property(a => a.State) is { IsModified: true } state && state.OriginalValue != state.CurrentValue
                        => state.OriginalValue.ToSlug(),
                    _ => null,
                };
                if (from is not null) (changes ??= []).Add((entry.Entity.Carrier, from, entry.Entity.State.ToSlug()));
            }
            if (changes is not null) _pending.AddOrUpdate(context, changes);
            else _pending.Remove(context);
        }
        finally
        {
            tracker.AutoDetectChangesEnabled = detect;
        }
    }

    private void Count(DbContext? context)
    {
        if (context is null || !_pending.TryGetValue(context, out var changes)) return;
        _pending.Remove(context);
        foreach (var (carrier, from, to) in changes) metrics.StateChanged(carrier, from, to);
    }

    private void Forget(DbContext? context)
    {
        if (context is not null) _pending.Remove(context);
    }
}
