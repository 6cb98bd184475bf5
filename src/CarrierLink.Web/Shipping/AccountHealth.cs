using CarrierLink.Web.Accounts;
using CarrierLink.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CarrierLink.Web.Shipping;

/// <summary>
/// Writes what operations learn about a connection. Many operations of one account run at once,
/// so successes are a single UPDATE and state changes reload and retry on a concurrency conflict.
/// It works in a unit of work of its own: retrying must never discard the caller's pending changes.
/// </summary>
public sealed class AccountHealth(IServiceScopeFactory scopes)
{
    private const int MaxAttempts = 5;

    public async Task RecordSuccessAsync(Guid accountId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CarrierLinkDb>();
        var now = db.UtcNow;
        await db.CarrierAccounts.Where(a => a.Id == accountId).ExecuteUpdateAsync(a => a.SetProperty(x => x.LastSuccessAt, now), cancellationToken);
    }

    /// <summary>A request the carrier refused as invalid: no state change, but the last failure says why.</summary>
    public async Task RecordValidationFailureAsync(Guid accountId, string message, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CarrierLinkDb>();
        var now = db.UtcNow;
        await db.CarrierAccounts.Where(a => a.Id == accountId).ExecuteUpdateAsync(a => a
            .SetProperty(x => x.LastFailureAt, now)
            .SetProperty(x => x.LastFailureKind, "validation")
            .SetProperty(x => x.LastFailureMessage, message), cancellationToken);
    }

    /// <summary>Applies the event to the stored account and returns the account as it now is.</summary>
    public async Task<CarrierAccount> ApplyAsync(Guid accountId, ConnectionEvent evt, CancellationToken cancellationToken, string? timelineDetail = null)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CarrierLinkDb>();
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            var account = await db.CarrierAccounts.FirstAsync(a => a.Id == accountId, cancellationToken);
            var transition = AccountLedger.Apply(db, account, evt);
            if (timelineDetail is not null && transition.EventType is null) AccountLedger.Record(db, account, "operation_failed", timelineDetail);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return account;
            }
            catch (DbUpdateConcurrencyException) when (attempt < MaxAttempts)
            {
                // Someone else changed the account meanwhile: apply the event to their version.
            }
        }
    }
}
