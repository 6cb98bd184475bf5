using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CarrierLink.Web.Telemetry;

/// <summary>
/// CarrierLink's own instruments, all on the meter "CarrierLink" (the health engine's, in <see cref="Health.HealthMetrics"/>,
/// share it): what carrier operations came to, token refreshes, and account state changes. Tags are bounded sets
/// (carrier ids, operation names, outcome and state slugs), never ids or anything a merchant typed.
/// </summary>
public sealed class CarrierLinkMetrics
{
    /// <summary>The one meter name an operator subscribes to (OpenTelemetry, dotnet-counters --counters CarrierLink).</summary>
    public const string MeterName = "CarrierLink";

    private readonly Counter<long> _operations;
    private readonly Histogram<double> _operationDuration;
    private readonly Counter<long> _tokenRefreshes;
    private readonly Counter<long> _stateChanges;

    public CarrierLinkMetrics(IMeterFactory meters)
    {
        // Note: the factory hands every caller of Create(MeterName) the same Meter, and disposes it with the container.
        var meter = meters.Create(MeterName);
        _operations = meter.CreateCounter<long>("carrierlink.operations", "{operation}",
            "Shipping operations run against a carrier account, by carrier, operation and outcome.");
        _operationDuration = meter.CreateHistogram<double>("carrierlink.operation.duration", "s",
            "How long shipping operations took, retries and token renewal included, by carrier, operation and outcome.");
        _tokenRefreshes = meter.CreateCounter<long>("carrierlink.token_refreshes", "{refresh}",
            "Access-token renewals this node asked a carrier for, by carrier, kind (for_use, ahead, probe) and outcome.");
        _stateChanges = meter.CreateCounter<long>("carrierlink.state_changes", "{change}",
            "Connection state changes saved, by carrier, from and to (from is \"new\" for an account saved for the first time).");
    }

    public void Operation(string carrier, string operation, string outcome, TimeSpan took)
    {
        var tags = new TagList { { "carrier", carrier }, { "operation", operation }, { "outcome", outcome } };
        _operations.Add(1, tags);
        _operationDuration.Record(took.TotalSeconds, tags);
    }

    public void TokenRefresh(string carrier, string kind, string outcome) =>
        _tokenRefreshes.Add(1, new TagList { { "carrier", carrier }, { "kind", kind }, { "outcome", outcome } });

    public void StateChanged(string carrier, string from, string to) =>
        _stateChanges.Add(1, new TagList { { "carrier", carrier }, { "from", from }, { "to", to } });
}
