using Microsoft.Extensions.Logging.Console;

namespace CarrierLink.Web.Telemetry;

/// <summary>
/// Production logs one JSON object per line on the console (what log shippers and container platforms read), with the
/// request's scope (trace id, request path) on each line. The JSON formatter is configured in every environment, so the
/// tests that scan its output for secrets see exactly what Production writes (SecretsInLogsTests).
/// </summary>
public static class JsonConsoleLogging
{
    public static WebApplicationBuilder AddCarrierLinkLogging(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<JsonConsoleFormatterOptions>(o =>
        {
            o.IncludeScopes = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
        });
        // Note: an operator who prefers another formatter in Production says so with Logging:Console:FormatterName.
        if (builder.Environment.IsProduction() && string.IsNullOrEmpty(builder.Configuration["Logging:Console:FormatterName"]))
            builder.Logging.AddJsonConsole();
        return builder;
    }
}
