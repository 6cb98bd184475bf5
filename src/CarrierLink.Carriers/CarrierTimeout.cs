using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace CarrierLink.Carriers;

/// <summary>
/// A carrier call's time limit, as an Http.Resilience pipeline on the client's handler chain (docs/decisions/0008).
/// Only a timeout: what is retried is decided above the client, by the operation runner, from the call's outcome.
/// </summary>
public static class CarrierTimeout
{
    /// <summary>
    /// Times out each call after <paramref name="seconds"/> of the carrier's options (reloaded when the configuration
    /// changes), on the <see cref="TimeProvider"/> registered in DI: Polly's DI builder takes it from there, so a test
    /// that advances its clock past the limit sees the timeout at once.
    /// </summary>
    public static IHttpClientBuilder WithCarrierTimeout<TOptions>(this IHttpClientBuilder http, Func<TOptions, int> seconds)
        where TOptions : class
    {
        // The pipeline's limit is the only one: HttpClient's own (100 s of real time) would cut a longer configured one short.
        http.ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan);
        http.AddResilienceHandler("carrier-timeout", (pipeline, context) =>
        {
            context.EnableReloads<TOptions>();
            pipeline.AddTimeout(TimeSpan.FromSeconds(seconds(context.GetOptions<TOptions>())));
        });
        // Inside the timed pipeline, so a carrier that sends its headers and then stalls on the body times out too
        // (HttpClient would otherwise read the body after the pipeline has returned).
        http.AddHttpMessageHandler(() => new WholeAnswerHandler());
        return http;
    }

    private sealed class WholeAnswerHandler : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            try
            {
                await response.Content.LoadIntoBufferAsync(cancellationToken);
                return response;
            }
            catch
            {
                response.Dispose();
                throw;
            }
        }
    }
}
