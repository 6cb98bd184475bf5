using CarrierLink.Web.Configuration;
using Microsoft.EntityFrameworkCore;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CarrierLink.Web.Telemetry;

/// <summary>
/// OpenTelemetry for the web app: CarrierLink's meter, ASP.NET Core, HttpClient (every carrier call), the runtime and
/// Npgsql's pool as metrics, scraped at /metrics and pushed over OTLP when a collector is configured; and, only then,
/// traces of incoming requests, outgoing carrier calls and database commands (EF Core on both stores, Npgsql's own
/// spans on PostgreSQL). Query strings are redacted by the instrumentations and database parameters are never recorded.
/// </summary>
public static class TelemetrySetup
{
    public static WebApplicationBuilder AddCarrierLinkTelemetry(this WebApplicationBuilder builder)
    {
        builder.AddCarrierLinkLogging();
        var services = builder.Services;
        services.AddOptions<TelemetryOptions>().BindAndValidateOnStart(TelemetryOptions.Section);
        services.AddSingleton<CarrierLinkMetrics>();
        services.AddSingleton<OutboxMetrics>();
        services.AddSingleton<StateChangeMeter>();
        // Every IInterceptor in the container joins the store's context (DatabaseSetup), whichever store is configured.
        services.AddSingleton<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>(sp => sp.GetRequiredService<StateChangeMeter>());

        var settings = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        var otlp = Otlp(settings, builder.Configuration);
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(builder.Configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : settings.ServiceName,
                serviceVersion: typeof(TelemetrySetup).Assembly.GetName().Version?.ToString()))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(CarrierLinkMetrics.MeterName, "System.Runtime", "Npgsql")
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation();
                if (settings.Prometheus.Enabled)
                    // Note: no response cache: a scrape right after an operation shows it (scrapers come every 15 s or so anyway).
                    metrics.AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0);
            });
        if (otlp is not OtlpTarget.None)
        {
            telemetry.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !IsProbeOrScrape(http.Request.Path, settings))
                // Probes and scrapes are never traced, whichever end of the call this process is: the listener is
                // process-wide, so a sidecar or host in the same process asking them would otherwise fill the traces.
                .AddHttpClientInstrumentation(o => o.FilterHttpRequestMessage = request =>
                    request.RequestUri is not { } uri || !IsProbeOrScrape(new PathString(uri.AbsolutePath), settings))
                .AddEntityFrameworkCoreInstrumentation(o =>
                    // PostgreSQL commands come from Npgsql's own source, with the server's details: one span per command.
                    o.Filter = (provider, _) => provider is null || !provider.Contains("Npgsql", StringComparison.Ordinal))
                .AddSource("Npgsql"));
            // The logs go to the collector too (as well as to the console), with their structured fields.
            telemetry.WithLogging();
            if (otlp is OtlpTarget.Configured configured) telemetry.UseOtlpExporter(configured.Protocol, configured.Endpoint);
            else telemetry.UseOtlpExporter();
        }
        return builder;
    }

    /// <summary>Maps the Prometheus scrape endpoint (Telemetry:Prometheus), when it is on.</summary>
    public static WebApplication MapCarrierLinkTelemetry(this WebApplication app)
    {
        var settings = app.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        if (!settings.Prometheus.Enabled) return app;
        var scrape = app.MapPrometheusScrapingEndpoint(settings.Prometheus.Path);
        if (settings.Prometheus.RequireHost.Length > 0) scrape.RequireHost(settings.Prometheus.RequireHost);
        return app;
    }

    private static bool IsProbeOrScrape(PathString path, TelemetryOptions settings) =>
        path.StartsWithSegments("/health") || path.StartsWithSegments(settings.Prometheus.Path);

    private abstract record OtlpTarget
    {
        public sealed record None : OtlpTarget;
        /// <summary>OTEL_EXPORTER_OTLP_* from the environment (or any configuration source): the exporter reads them itself.</summary>
        public sealed record Standard : OtlpTarget;
        public sealed record Configured(OtlpExportProtocol Protocol, Uri Endpoint) : OtlpTarget;
    }

    private static OtlpTarget Otlp(TelemetryOptions settings, IConfiguration configuration)
    {
        if (!string.IsNullOrWhiteSpace(settings.Otlp.Endpoint))
        {
            if (!Uri.TryCreate(settings.Otlp.Endpoint, UriKind.Absolute, out var endpoint))
                throw new InvalidOperationException("Telemetry:Otlp:Endpoint must be an absolute URL, e.g. http://collector:4317.");
            var protocol = settings.Otlp.Protocol == "http/protobuf" ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
            return new OtlpTarget.Configured(protocol, endpoint);
        }
        return string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]) ? new OtlpTarget.None() : new OtlpTarget.Standard();
    }
}
