using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text;
using CarrierLink.Tests.Support;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Shouldly;

namespace CarrierLink.Tests.Telemetry;

/// <summary>
/// Issue 16: with Telemetry:Otlp:Endpoint set, a node pushes traces (the incoming request, the outgoing carrier call, the
/// database commands), metrics and logs to the collector over OTLP. The collector here is a plain HTTP listener on
/// loopback that keeps what it is sent; OTLP's protobuf carries names as UTF-8, so the test reads them in the bytes.
/// </summary>
public abstract class OtlpExportTests(StoreProvider store) : IAsyncLifetime
{
    private readonly ConcurrentQueue<(string Path, byte[] Body)> _received = new();
    private WebApplication? _collector;
    private TestStack? _stack;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _collector = builder.Build();
        _collector.MapPost("/{**signal}", async (HttpContext http) =>
        {
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body);
            _received.Enqueue((http.Request.Path, body.ToArray()));
            return Results.Ok();
        });
        await _collector.StartAsync();
        var url = _collector.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        _stack = await TestStack.StartAsync(store, $"--Telemetry:Otlp:Endpoint={url}", "--Telemetry:Otlp:Protocol=http/protobuf");
    }

    [Fact]
    public async Task Traces_metrics_and_logs_reach_the_configured_collector()
    {
        var merchant = await _stack!.CreateMerchantAsync();
        var accountId = await merchant.ConnectUspsAsync(await _stack.CreateUspsCustomerAsync());
        using var api = merchant.Api();
        (await api.PostAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/rates", ShippingBodies.Rates)).EnsureSuccessStatusCode();
        // Note: this test's own HttpClient runs in the node's process; its client spans are kept out of the export.
        using (OpenTelemetry.SuppressInstrumentationScope.Begin())
        using (var probe = new HttpClient { BaseAddress = _stack.WebUrl })
        {
            (await probe.GetAsync("/health/ready")).EnsureSuccessStatusCode();
            (await probe.GetAsync("/metrics")).EnsureSuccessStatusCode();
        }
        var credential = (await _stack.CredentialAsync(accountId))!;
        string[] secrets = [_stack.Decrypt(credential.AccessTokenCipher!), _stack.Decrypt(credential.RefreshTokenCipher!), TestStack.ClientSecret, merchant.ApiKey, merchant.Password];

        _stack.Services.GetRequiredService<TracerProvider>().ForceFlush(10_000).ShouldBeTrue();
        // Note: not asserted: the Prometheus reader beside the OTLP one only collects when scraped, so the flush says false.
        _stack.Services.GetRequiredService<MeterProvider>().ForceFlush(10_000);
        _stack.Services.GetRequiredService<LoggerProvider>().ForceFlush(10_000).ShouldBeTrue();

        var traces = Sent("/v1/traces");
        traces.ShouldContain("carrierlink", customMessage: "the service name");
        traces.ShouldContain("/api/v1/carrier-accounts/{id}/rates", customMessage: "the incoming request, by its route");
        traces.ShouldContain("System.Net.Http", customMessage: "the outgoing carrier call");
        traces.ShouldContain("/prices/v3/base-rates/search", customMessage: "the carrier call's own path");
        traces.ShouldContain(store == StoreProvider.Postgres ? "Npgsql" : "OpenTelemetry.Instrumentation.EntityFrameworkCore", customMessage: "the database commands");
        traces.ShouldContain("carrier_accounts", customMessage: "a query's text (never its parameters)");
        Sent("/v1/metrics").ShouldContain("carrierlink.operations");
        Sent("/v1/logs").ShouldNotBeEmpty();
        // Probes and scrapes are not traced: an orchestrator asking every few seconds would drown the real requests.
        traces.ShouldNotContain("/health/ready");
        // Note: "/v1/metrics" may be there: the collector is an ASP.NET Core app in this process, and the request listener
        // is process-wide, so an export that reached it before the flush is traced as its request. The scrape is "/metrics".
        System.Text.RegularExpressions.Regex.IsMatch(traces, "(?<!/v1)/metrics").ShouldBeFalse("the scrape is not traced");
        var everything = Sent("/v1/traces") + Sent("/v1/metrics") + Sent("/v1/logs");
        foreach (var secret in secrets) everything.ShouldNotContain(secret, customMessage: $"a secret ({secret[..4]}...) went to the collector");
    }

    /// <summary>Everything posted to <paramref name="path"/>, as text (binary fields become noise; names stay readable).</summary>
    private string Sent(string path) =>
        string.Concat(_received.Where(r => r.Path == path).Select(r => Encoding.UTF8.GetString(r.Body)));

    public async Task DisposeAsync()
    {
        if (_stack is not null) await _stack.DisposeAsync();
        if (_collector is not null) await _collector.DisposeAsync();
    }
}

public sealed class OtlpExportOnSqliteTests() : OtlpExportTests(StoreProvider.Sqlite);

public sealed class OtlpExportOnPostgresTests() : OtlpExportTests(StoreProvider.Postgres);
