using CarrierLink.Carriers;
using CarrierLink.Carriers.Catalog;
using CarrierLink.Carriers.OAuth;
using CarrierLink.Carriers.Stamps;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Shouldly;

namespace CarrierLink.Tests.Unit;

/// <summary>
/// A carrier call's time limit (Carriers:*:TimeoutSeconds) runs on the injected clock, as AddCarrierClients registers
/// the clients: a carrier that never answers, or answers its headers and then stalls, times out when the clock passes
/// the limit, and not before.
/// </summary>
public sealed class CarrierCallTimeoutTests
{
    private const int TimeoutSeconds = 300;
    private static readonly TimeSpan RealTimeBound = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData("silent")]
    [InlineData("stalls-mid-answer")]
    public async Task A_carrier_call_times_out_when_the_injected_clock_passes_the_configured_limit(string carrier)
    {
        await using var host = await HoldingCarrier.StartAsync();
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        await using var services = Services(clock, new Uri(host.BaseUrl, $"{carrier}/"));
        var stamps = services.GetRequiredKeyedService<StampsClient>(CarrierCodes.Stamps);

        var call = stamps.AuthenticateAsync("merchant", "password", CancellationToken.None);
        await host.Arrived.Task.WaitAsync(RealTimeBound);
        clock.Advance(TimeSpan.FromSeconds(TimeoutSeconds - 1));
        await Task.WhenAny(call, Task.Delay(TimeSpan.FromMilliseconds(200)));
        call.IsCompleted.ShouldBeFalse("the configured limit has not passed yet");
        clock.Advance(TimeSpan.FromSeconds(1));

        var result = await call.WaitAsync(RealTimeBound);
        var transient = result.ShouldBeOfType<CarrierResult<TokenSet>.Transient>();
        transient.Reason.ShouldBe("Stamps.com did not answer in time.");
        transient.MayHaveBeenProcessed.ShouldBeTrue("the carrier may have acted on a call it never answered");
    }

    private static ServiceProvider Services(TimeProvider clock, Uri carrier)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Carriers:Stamps:AuthBaseUrl"] = carrier.ToString(),
            ["Carriers:Stamps:ApiBaseUrl"] = carrier.ToString(),
            ["Carriers:Stamps:IntegrationId"] = "6f1c2d3e-4b5a-4c7d-9e8f-0a1b2c3d4e5f",
            ["Carriers:Stamps:TimeoutSeconds"] = TimeoutSeconds.ToString(),
        }).Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton(clock)
            .AddLogging();
        services.AddCarrierClients();
        return services.BuildServiceProvider();
    }

    /// <summary>A carrier on loopback that takes every call and never finishes answering it.</summary>
    private sealed class HoldingCarrier(WebApplication app) : IAsyncDisposable
    {
        public Uri BaseUrl { get; } = new(app.Urls.Single() + "/");
        public TaskCompletionSource Arrived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public static async Task<HoldingCarrier> StartAsync()
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            HoldingCarrier? carrier = null;
            app.MapPost("/{mode}/swsim/v1/authenticate", async (string mode, HttpContext context) =>
            {
                if (mode == "stalls-mid-answer")
                {
                    context.Response.ContentType = "application/json";
                    await context.Response.WriteAsync("{\"authenticator\":", context.RequestAborted);
                    await context.Response.Body.FlushAsync(context.RequestAborted);
                }
                carrier!.Arrived.TrySetResult();
                await Task.Delay(Timeout.InfiniteTimeSpan, context.RequestAborted);
            });
            await app.StartAsync();
            carrier = new HoldingCarrier(app);
            return carrier;
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
