using System.Diagnostics.Metrics;
using CarrierLink.Web.Data;
using CarrierLink.Web.Telemetry;

namespace CarrierLink.Web.Health;

/// <summary>
/// The engine's instruments, on CarrierLink's one meter (<see cref="CarrierLinkMetrics.MeterName"/>), readable by
/// dotnet-counters or any OpenTelemetry exporter: renewals, probes and failures by carrier and outcome, incidents, the
/// due backlog the workers last saw, and how many accounts are in each state.
/// </summary>
public sealed class HealthMetrics
{
    public const string MeterName = CarrierLinkMetrics.MeterName;
    private static readonly TimeSpan CensusEvery = TimeSpan.FromMinutes(1);

    private readonly Meter _meter;
    private readonly Counter<long> _renewals;
    private readonly Counter<long> _checks;
    private readonly Counter<long> _failures;
    private readonly Counter<long> _incidents;
    private readonly Counter<long> _claimed;
    private long _dueBacklog;
    private double _oldestDueAgeSeconds;
    private IReadOnlyList<AccountCensus.Line>? _census;
    private DateTimeOffset _censusAt = DateTimeOffset.MinValue;

    public HealthMetrics(IMeterFactory meters)
    {
        // Note: shared with CarrierLinkMetrics and OutboxMetrics; the factory owns it and disposes it with the container.
        _meter = meters.Create(MeterName);
        _renewals = _meter.CreateCounter<long>("carrierlink.health.renewals", description: "Token renewals by the health engine, by carrier, kind and outcome.");
        _checks = _meter.CreateCounter<long>("carrierlink.health.checks", description: "Accounts the health engine handled, by carrier, reason and outcome.");
        _failures = _meter.CreateCounter<long>("carrierlink.health.failures", description: "Failures seen by the health engine, by carrier and class (auth, transient, invalid).");
        _incidents = _meter.CreateCounter<long>("carrierlink.health.incidents_opened", description: "Carrier-wide incidents opened.");
        _claimed = _meter.CreateCounter<long>("carrierlink.health.claimed", description: "Due accounts claimed by this node.");
        _meter.CreateObservableGauge("carrierlink.health.due_backlog", () => Interlocked.Read(ref _dueBacklog), description: "Accounts due now, as last counted.");
        _meter.CreateObservableGauge("carrierlink.health.oldest_due_age", () => Volatile.Read(ref _oldestDueAgeSeconds), unit: "s", description: "How late the most overdue account is.");
        // Note: nothing until the engine has counted once (a node without the health worker reports no census, not zeros).
        _meter.CreateObservableGauge("carrierlink.accounts", ObserveCensus, "{account}", "Accounts by carrier and connection state, as last counted.");
    }

    public void Renewed(string carrier, string kind, string outcome) =>
        _renewals.Add(1, new("carrier", carrier), new("kind", kind), new("outcome", outcome));

    public void Checked(string carrier, string reason, string outcome) =>
        _checks.Add(1, new("carrier", carrier), new("reason", reason), new("outcome", outcome));

    public void Failed(string carrier, string failureClass) => _failures.Add(1, new("carrier", carrier), new("class", failureClass));

    public void IncidentOpened(string carrier) => _incidents.Add(1, new KeyValuePair<string, object?>("carrier", carrier));

    public void Claimed(int count) => _claimed.Add(count);

    public void Backlog(long due, TimeSpan oldestAge)
    {
        Interlocked.Exchange(ref _dueBacklog, due);
        Volatile.Write(ref _oldestDueAgeSeconds, Math.Max(0, oldestAge.TotalSeconds));
    }

    /// <summary>True at most once a minute: time for the engine to take a new <see cref="AccountCensus"/>.</summary>
    public bool CensusDue(DateTimeOffset now)
    {
        if (now - _censusAt < CensusEvery) return false;
        _censusAt = now;
        return true;
    }

    public void Census(IReadOnlyList<AccountCensus.Line> lines) => Volatile.Write(ref _census, lines);

    private IEnumerable<Measurement<long>> ObserveCensus() =>
        (Volatile.Read(ref _census) ?? []).Select(l => new Measurement<long>(l.Accounts, new("carrier", l.Carrier), new("state", l.State.ToSlug())));
}
