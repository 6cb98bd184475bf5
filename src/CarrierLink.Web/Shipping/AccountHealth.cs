using System.Collections.Concurrent;
using CarrierLink.Carriers.Catalog;
using CarrierLink.Web.Accounts;
using CarrierLink.Web.Data;
using CarrierLink.Web.Health;
using CarrierLink.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CarrierLink.Web.Shipping;

/// <summary>What came of a carrier's refusal: the account as it now is, and the incident holding it, if any.</summary>
public sealed record RejectionOutcome(CarrierAccount Account, CarrierIncident? HeldBy);

/// <summary>
/// Writes what operations and the health engine learn about a connection. Many operations of one
/// account run at once, so bookkeeping is single conditional UPDATEs that cannot conflict; only a real
/// state change goes through the state machine with optimistic concurrency, and a conflict there means
/// someone else changed the state, so the event is applied again to their version.
/// It works in a unit of work of its own: it must never discard the caller's pending changes.
/// </summary>
public sealed class AccountHealth(IServiceScopeFactory scopes, CarrierIncidents incidents, IOptions<ShippingOptions> options, TimeProvider time)
{
    private const int MaxAttempts = 10;

    /// <summary>When this node last wrote an account's last success (see <see cref="ShippingOptions.RecordSuccessSeconds"/>).</summary>
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _successWritten = new();

    /// <summary>Accounts whose last success this node is pacing, for the benchmark's memory figure.</summary>
    public int PacedAccounts => _successWritten.Count;

    /// <summary>
    /// A call succeeded: one UPDATE, plus one timeline entry when it ends a spell of carrier trouble. A spell of
    /// trouble ends at once; otherwise the moment of the last success is kept to within RecordSuccessSeconds, so
    /// a busy account costs one write per node and window instead of one per call (on SQLite every write queues
    /// on one lock: issue 12).
    /// </summary>
    public async Task RecordSuccessAsync(CarrierAccount account, CancellationToken cancellationToken)
    {
        if (account.TroubleSince is null && !ClaimSuccessWrite(account)) return;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CarrierLinkDb>();
        var now = db.UtcNow;
        if (account.TroubleSince is not null)
        {
            var ended = await db.CarrierAccounts.Where(a => a.Id == account.Id && a.TroubleSince != null).ExecuteUpdateAsync(a => a
                .SetProperty(x => x.LastSuccessAt, now).SetProperty(x => x.TroubleSince, (DateTime?)null).SetProperty(x => x.TransientFailures, 0), cancellationToken);
            if (ended == 1)
            {
                AccountLedger.Record(db, account, "carrier_trouble_ended", $"{Carrier(account)} answers normally again.");
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
        }
        await db.CarrierAccounts.Where(a => a.Id == account.Id).ExecuteUpdateAsync(a => a.SetProperty(x => x.LastSuccessAt, now), cancellationToken);
    }

    /// <summary>True when this call is the one to write the account's last success: none was recorded within the window, by any node.</summary>
    private bool ClaimSuccessWrite(CarrierAccount account)
    {
        var window = TimeSpan.FromSeconds(options.Value.RecordSuccessSeconds);
        var now = time.GetUtcNow();
        if (window == TimeSpan.Zero) return true;
        if (account.LastSuccessAt is { } recorded && now.UtcDateTime - recorded < window) return false;
        while (true)
        {
            if (_successWritten.TryGetValue(account.Id, out var last))
            {
                if (now - last < window) return false;
                if (_successWritten.TryUpdate(account.Id, now, last)) return true;
            }
            else if (_successWritten.TryAdd(account.Id, now))
            {
                ForgetOldWrites(now - window);
                return true;
            }
        }
    }

    // Entries older than the window decide nothing: dropped once the map grows, so it holds about the accounts busy now.
    private void ForgetOldWrites(DateTimeOffset before)
    {
        if (_successWritten.Count < 4096) return;
        foreach (var (id, at) in _successWritten)
        {
            if (at < before) _successWritten.TryRemove(new KeyValuePair<Guid, DateTimeOffset>(id, at));
        }
    }

    /// <summary>
    /// The carrier failed transiently: counted on the account, never a state change. Only the first
    /// failure of a spell writes a timeline entry; the spell ends at the next success.
    /// </summary>
    public async Task RecordTransientAsync(CarrierAccount account, string reason, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CarrierLinkDb>();
        var now = db.UtcNow;
        var started = await db.CarrierAccounts.Where(a => a.Id == account.Id && a.TroubleSince == null).ExecuteUpdateAsync(a => a
            .SetProperty(x => x.TroubleSince, now).SetProperty(x => x.TransientFailures, 1)
            .SetProperty(x => x.LastFailureAt, now).SetProperty(x => x.LastFailureKind, "transient").SetProperty(x => x.LastFailureMessage, ControlCharacters.Clean(reason)), cancellationToken);
        if (started == 1)
        {
            AccountLedger.Record(db, account, "carrier_trouble_started", $"{Carrier(account)} is having trouble: {reason}");
            await db.SaveChangesAsync(cancellationToken);
            return;
        }
        await db.CarrierAccounts.Where(a => a.Id == account.Id).ExecuteUpdateAsync(a => a
            .SetProperty(x => x.TransientFailures, x => x.TransientFailures + 1)
            .SetProperty(x => x.LastFailureAt, now).SetProperty(x => x.LastFailureKind, "transient").SetProperty(x => x.LastFailureMessage, ControlCharacters.Clean(reason)), cancellationToken);
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
            .SetProperty(x => x.LastFailureMessage, ControlCharacters.Clean(message)), cancellationToken);
    }

    /// <summary>
    /// The carrier refused the account's credentials. A support-only carrier asks for support; otherwise,
    /// unless a carrier-wide incident holds it, the merchant is asked to reconnect.
    /// </summary>
    /// <param name="answerLost">CarrierLink lost the carrier's answer to a refresh: not a revocation, and no incident can explain it.</param>
    /// <param name="afterIncident">A re-check after an incident ended: ask only those still refused, without opening another.</param>
    public async Task<RejectionOutcome> RejectAsync(CarrierAccount account, string reason, bool answerLost, bool afterIncident, CancellationToken cancellationToken)
    {
        if (!answerLost && !afterIncident && await incidents.RecordRejectionAsync(account, cancellationToken) is { } incident)
            return new RejectionOutcome(await incidents.HoldAsync(account, incident, cancellationToken), incident);

        // The state machine reads the refusal through the carrier (support-only carriers break to support_required).
        ConnectionEvent verdict = new ConnectionEvent.AuthRejected(reason, answerLost ? StateReasonCodes.LostCarrierAnswer : StateReasonCodes.Rejected);
        var applied = await ApplyAsync(account.Id, verdict, cancellationToken);
        // An incident that opened after this refusal was counted may hold the account now (see ApplyAsync).
        var heldBy = applied.HeldByIncidentId is { } incidentId && !answerLost ? await incidents.FindAsync(incidentId, cancellationToken) : null;
        return new RejectionOutcome(applied, heldBy);
    }

    /// <summary>Applies a state event to the stored account and returns the account as it now is.</summary>
    public async Task<CarrierAccount> ApplyAsync(Guid accountId, ConnectionEvent evt, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CarrierLinkDb>();
        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            var account = await db.CarrierAccounts.FirstAsync(a => a.Id == accountId, cancellationToken);
            // Note: RejectAsync counts a refusal, then applies it; an incident that opened in between holds the account, and
            // its re-check asks for a reconnect only if the carrier still refuses. A lost answer is never an incident's.
            if (account.HeldByIncidentId is not null
                && evt is ConnectionEvent.AuthRejected { Code: StateReasonCodes.Rejected } or ConnectionEvent.SupportNeeded)
            {
                await RecordAuthFailureAsync(db, accountId, Reason(evt), cancellationToken);
                return account;
            }
            var transition = ConnectionStateMachine.Next(CarrierCatalog.Get(account.Carrier), account.State, evt);
            if (transition.Next == account.State && transition.EventType is null)
            {
                // Nothing changes state (a second refusal of a broken account): bookkeeping only, conflict-free.
                if (evt is ConnectionEvent.AuthRejected or ConnectionEvent.SupportNeeded) await RecordAuthFailureAsync(db, accountId, Reason(evt), cancellationToken);
                return account;
            }
            AccountLedger.Apply(db, account, evt);
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

    private static Task<int> RecordAuthFailureAsync(CarrierLinkDb db, Guid accountId, string reason, CancellationToken cancellationToken)
    {
        var now = db.UtcNow;
        return db.CarrierAccounts.Where(a => a.Id == accountId).ExecuteUpdateAsync(a => a
            .SetProperty(x => x.LastFailureAt, now).SetProperty(x => x.LastFailureKind, "auth").SetProperty(x => x.LastFailureMessage, ControlCharacters.Clean(reason)), cancellationToken);
    }

    private static string Reason(ConnectionEvent evt) => evt switch
    {
        ConnectionEvent.AuthRejected r => r.Reason,
        ConnectionEvent.SupportNeeded s => s.Reason,
        _ => "",
    };

    private static string Carrier(CarrierAccount account) => CarrierCatalog.Find(account.Carrier)?.ShortName ?? account.Carrier;
}
