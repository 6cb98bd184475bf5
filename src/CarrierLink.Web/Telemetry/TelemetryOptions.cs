using System.ComponentModel.DataAnnotations;

namespace CarrierLink.Web.Telemetry;

/// <summary>Where CarrierLink's traces, metrics and logs go (section "Telemetry").</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>The service name on every span and metric (OTEL_SERVICE_NAME wins when set).</summary>
    [Required] public string ServiceName { get; set; } = "carrierlink";

    public OtlpSettings Otlp { get; set; } = new();

    public PrometheusSettings Prometheus { get; set; } = new();

    /// <summary>
    /// An OpenTelemetry collector to push traces, metrics and logs to. Empty: the standard OTEL_EXPORTER_OTLP_ENDPOINT
    /// (with OTEL_EXPORTER_OTLP_PROTOCOL, _HEADERS ...) is used when set; with neither, nothing is pushed and no spans are made.
    /// </summary>
    public sealed class OtlpSettings
    {
        /// <summary>The collector's base address, e.g. http://collector:4317 (grpc) or http://collector:4318 (http/protobuf).</summary>
        public string? Endpoint { get; set; }

        [RegularExpression("^(grpc|http/protobuf)$", ErrorMessage = "Telemetry:Otlp:Protocol must be 'grpc' or 'http/protobuf'.")]
        public string Protocol { get; set; } = "grpc";
    }

    /// <summary>
    /// The Prometheus scrape endpoint. It needs no API key, like any scrape target: it shows counts by carrier and
    /// outcome, never an id, a name or a secret. To keep it off the public side, an operator either sets RequireHost to
    /// a port only the monitoring network reaches (e.g. "*:9464", with that port added to Kestrel's --urls), blocks the
    /// path at the load balancer, or turns it off (Enabled=false) and pushes metrics over OTLP instead.
    /// </summary>
    public sealed class PrometheusSettings
    {
        public bool Enabled { get; set; } = true;

        public string Path { get; set; } = "/metrics";

        /// <summary>Serve the endpoint only for these hosts/ports (ASP.NET Core RequireHost patterns); empty: any.</summary>
        public string[] RequireHost { get; set; } = [];
    }
}
