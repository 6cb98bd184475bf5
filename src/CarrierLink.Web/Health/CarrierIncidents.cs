using CarrierLink.Carriers.Catalog;
using CarrierLink.Web.Accounts;
using CarrierLink.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CarrierLink.Web.Health;

/// <summary>
/// Carrier-wide incidents. When a share of a carrier's recently active accounts is refused within a
/// window, the carrier's sign-in is in trouble, not the merchants: an incident opens (one per carrier,
/// whichever node gets there first), the refused accounts are held in their state instead of being
/// asked to reconnect, and the pages say so. It ends when a held account is accepted again, or after
/// a maximum duration; then each held account is checked on its own and only those still refused are
/// asked to reconnect.
/// </summary>
public sealed class CarrierIncidents(IServiceScopeFactory scopes, TimeProvider time, IOptions<HealthOptions> options, HealthMetrics metrics, ILogger<CarrierIncidents> logger)
{
    private static readonly TimeSpan BoardFreshness = TimeSpan.FromSeconds(2);
    private readonly IncidentOptions _options = options.Value.Incidents;
    private readonly Lock _gate = new();
    private IReadOnlyList<CarrierIncident> _board = [];
    private DateTimeOffset _boardReadAt = DateTimeOffset.MinValue;
    private readonly Dictionary<string, (int Count, DateTimeOffset At)> _activeCounts = new(StringComparer.Ordinal);

    /// <summary>The open incidents, read from the database at most every two seconds (pages and operations ask often).</summary>
    public async Task<IReadOnlyList<CarrierIncident>> OpenAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
            if (time.GetUtcNow() - _boardReadAt < BoardFreshness) return _board;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CarrierLinkDb>();
        var open = await db.CarrierIncidents.AsNoTracking().Where(i => i.ClosedAt == null).ToListAsync(cancellationToken);
        lock (_gate)
        {
            _board = open;
            _boardReadAt = time.GetUtcNow();
        }
        return open;
    }

    public async Task<CarrierIncident?> OpenForAsync(string carrier, CancellationToken cancellationToken) =>
        (await OpenAsync(cancellationToken)).FirstOrDefault(i => i.Carrier == carrier);

    /// <summary>Counts a refusal; returns the incident that should hold this account, if the carrier is in one.</summary>
    public async Task<CarrierIncident?> RecordRejectionAsync(CarrierAccount account, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CarrierLinkDb>();
        var now = db.UtcNow;
        await db.CarrierAccounts.Where(a => a.Id == account.Id).ExecuteUpdateAsync(a => a.SetProperty(x => x.LastAuthFailureAt, now), cancellationToken);

        var open = await db.CarrierIncidents.AsNoTracking().FirstOrDefaultAsync(i => i.Carrier == account.Carrier && i.ClosedAt == null, cancellationToken);
        if (open is not null)
        {
            await db.CarrierIncidents.Where(i => i.Id == open.Id).ExecuteUpdateAsync(i => i.SetProperty(x => x.LastRejectionAt, now), cancellationToken);
            return open;
        }

        var since = now.AddSeconds(-_options.WindowSeconds);
        var refused = await db.CarrierAccounts.CountAsync(a => a.Carrier == account.Carrier && a.LastAuthFailureAt >= since, cancellationToken);
        if (refused < _options.MinAccounts) return null;
        var active = await ActiveAccountsAsync(db, account.Carrier, now, cancellationToken);
        if (refused < _options.MinShare * active) return null;
        return await OpenIncidentAsync(db, account.Carrier, now, refused, active, cancellationToken);
    }

    /// <summary>Holds one account: it keeps its state, and its timeline says why it was not asked to reconnect.</summary>
    public async Task<CarrierAccount> HoldAsync(CarrierAccount account, CarrierIncident incident, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CarrierLinkDb>();
        // The version moves too, so a verdict being saved for this account meanwhile sees the hold (AccountHealth.ApplyAsync).
        var held = await db.CarrierAccounts.Where(a => a.Id == account.Id && a.HeldByIncidentId == null && a.State == ConnectionState.Connected)
            .ExecuteUpdateAsync(a => a.SetProperty(x => x.HeldByIncidentId, incident.Id).SetProperty(x => x.Version, x => x.Version + 1), cancellationToken);
        if (held == 1)
        {
            AccountLedger.Record(db, account, "incident_hold", HoldDetail(account.Carrier));
            await db.SaveChangesAsync(cancellationToken);
            await db.CarrierIncidents.Where(i => i.Id == incident.Id).ExecuteUpdateAsync(i => i.SetProperty(x => x.HeldAccounts, x => x.HeldAccounts + 1), cancellationToken);
        }
        return await db.CarrierAccounts.AsNoTracking().FirstAsync(a => a.Id == account.Id, cancellationToken);
    }

    /// <summary>
    /// Ends incidents that are over. Every cycle of every node may call it: a canary re-check and a
    /// close are each claimed with a conditional UPDATE, so only one node does each.
    /// </summary>
    /// <param name="recheck">Re-checks one held account: true accepted, false refused, null unknown (transient).</param>
    public async Task ReviewAsync(Func<Guid, CancellationToken, Task<bool?>> recheck, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CarrierLinkDb>();
        var now = db.UtcNow;
        foreach (var incident in await db.CarrierIncidents.AsNoTracking().Where(i => i.ClosedAt == null).ToListAsync(cancellationToken))
        {
            if (now - incident.OpenedAt >= TimeSpan.FromHours(_options.MaxHours))
            {
                await CloseAsync(db, incident, "It lasted the longest time an incident may hold accounts; each is now checked on its own.", cancellationToken);
                continue;
            }
            var canaryDue = now.AddMinutes(-_options.CanaryMinutes);
            var mine = await db.CarrierIncidents
                .Where(i => i.Id == incident.Id && i.ClosedAt == null && (i.LastCanaryAt == null || i.LastCanaryAt <= canaryDue))
                .ExecuteUpdateAsync(i => i.SetProperty(x => x.LastCanaryAt, now), cancellationToken);
            if (mine == 0) continue;
            var canaries = await db.CarrierAccounts.AsNoTracking()
                .Where(a => a.HeldByIncidentId == incident.Id)
                .OrderBy(a => a.LastCheckedAt).Take(_options.CanaryAccounts).Select(a => a.Id).ToListAsync(cancellationToken);
            foreach (var accountId in canaries)
            {
                if (await recheck(accountId, cancellationToken) != true) continue;
                await CloseAsync(db, incident, $"{Name(incident.Carrier)} accepts its sign-ins again.", cancellationToken);
                break;
            }
        }
    }

    public async Task<CarrierIncident?> FindAsync(Guid incidentId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CarrierLinkDb>();
        return await db.CarrierIncidents.AsNoTracking().FirstOrDefaultAsync(i => i.Id == incidentId, cancellationToken);
    }

    /// <summary>Open incidents and how many accounts each holds, for the CLI and metrics.</summary>
    public static Task<List<CarrierIncident>> ListOpenAsync(CarrierLinkDb db, CancellationToken cancellationToken) =>
        db.CarrierIncidents.AsNoTracking().Where(i => i.ClosedAt == null).OrderBy(i => i.OpenedAt).ToListAsync(cancellationToken);

    public static string Headline(string carrier) => $"{Name(carrier)} sign-in is having trouble";

    public const string Explanation =
        "It refuses many accounts at once, so CarrierLink is not asking anyone to reconnect; it checks each account again when the trouble ends.";

    public static string HoldDetail(string carrier) => $"{Headline(carrier)}. {Explanation}";

    private async Task<CarrierIncident> OpenIncidentAsync(CarrierLinkDb db, string carrier, DateTime now, int refused, int active, CancellationToken cancellationToken)
    {
        var incident = new CarrierIncident { Carrier = carrier, OpenedAt = now, LastRejectionAt = now };
        db.CarrierIncidents.Add(incident);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another node opened it first (one open incident per carrier): join theirs.
            db.ChangeTracker.Clear();
            return await db.CarrierIncidents.AsNoTracking().FirstAsync(i => i.Carrier == carrier && i.ClosedAt == null, cancellationToken);
        }
        metrics.IncidentOpened(carrier);
        logger.LogWarning("Incident opened for {Carrier}: {Refused} accounts refused within {Window} s, of {Active} recently active.", carrier, refused, _options.WindowSeconds, active);
        await HoldRecentlyRefusedAsync(db, incident, now.AddSeconds(-_options.WindowSeconds), cancellationToken);
        return incident;
    }

    /// <summary>
    /// The accounts refused before the threshold was reached are held too, and those already asked to reconnect are taken back.
    /// Note: one conditional UPDATE per account, not one SaveChanges over all of them: those accounts are being refused right
    /// now, so one of them changing meanwhile must not roll back the hold of the others.
    /// </summary>
    private static async Task HoldRecentlyRefusedAsync(CarrierLinkDb db, CarrierIncident incident, DateTime since, CancellationToken cancellationToken)
    {
        var now = db.UtcNow;
        var recent = await db.CarrierAccounts.AsNoTracking()
            .Where(a => a.Carrier == incident.Carrier && a.LastAuthFailureAt >= since && a.HeldByIncidentId == null)
            .Select(a => a.Id)
            .ToListAsync(cancellationToken);
        var heldAccounts = 0;
        foreach (var accountId in recent)
        {
            var held = await db.CarrierAccounts
                .Where(a => a.Id == accountId && a.HeldByIncidentId == null
                    && (a.State == ConnectionState.Connected
                        || (a.State == ConnectionState.NeedsReconnect && a.StateReasonCode == StateReasonCodes.Rejected && a.StateChangedAt >= since)))
                .ExecuteUpdateAsync(set => set
                    .SetProperty(a => a.StateChangedAt, a => a.State == ConnectionState.NeedsReconnect ? now : a.StateChangedAt)
                    .SetProperty(a => a.State, ConnectionState.Connected)
                    .SetProperty(a => a.StateReason, (string?)null)
                    .SetProperty(a => a.StateReasonCode, (string?)null)
                    .SetProperty(a => a.HeldByIncidentId, incident.Id)
                    .SetProperty(a => a.Version, a => a.Version + 1), cancellationToken);
            if (held == 0) continue;
            heldAccounts++;
            db.AccountEvents.Add(new AccountEvent { AccountId = accountId, At = now, Type = "incident_hold", Detail = HoldDetail(incident.Carrier) });
        }
        await db.SaveChangesAsync(cancellationToken);
        await db.CarrierIncidents.Where(i => i.Id == incident.Id)
            .ExecuteUpdateAsync(i => i.SetProperty(x => x.HeldAccounts, x => x.HeldAccounts + heldAccounts), cancellationToken);
    }

    private async Task CloseAsync(CarrierLinkDb db, CarrierIncident incident, string reason, CancellationToken cancellationToken)
    {
        var now = db.UtcNow;
        var closed = await db.CarrierIncidents.Where(i => i.Id == incident.Id && i.ClosedAt == null)
            .ExecuteUpdateAsync(i => i.SetProperty(x => x.ClosedAt, now).SetProperty(x => x.CloseReason, reason), cancellationToken);
        if (closed == 0) return;
        // Each held account is now checked on its own; only those still refused will be asked to reconnect.
        var held = await db.CarrierAccounts.Where(a => a.HeldByIncidentId == incident.Id)
            .ExecuteUpdateAsync(a => a.SetProperty(x => x.NextDueAt, now).SetProperty(x => x.DueReason, DueReasons.IncidentRecheck), cancellationToken);
        lock (_gate) _boardReadAt = DateTimeOffset.MinValue;
        logger.LogWarning("Incident for {Carrier} closed ({Reason}); {Held} held accounts will be re-checked.", incident.Carrier, reason, held);
    }

    /// <summary>The carrier's recently active accounts, counted at most once a minute per node.</summary>
    private async Task<int> ActiveAccountsAsync(CarrierLinkDb db, string carrier, DateTime now, CancellationToken cancellationToken)
    {
        lock (_gate)
            if (_activeCounts.TryGetValue(carrier, out var cached) && time.GetUtcNow() - cached.At < TimeSpan.FromMinutes(1)) return cached.Count;
        var since = now.AddHours(-_options.ActiveHours);
        var count = await db.CarrierAccounts.CountAsync(a => a.Carrier == carrier && a.State != ConnectionState.Disconnected && a.State != ConnectionState.Pending
            && (a.LastSuccessAt >= since || a.LastAuthFailureAt >= since), cancellationToken);
        lock (_gate) _activeCounts[carrier] = (count, time.GetUtcNow());
        return count;
    }

    private static string Name(string carrier) => CarrierCatalog.Find(carrier)?.ShortName ?? carrier;
}
