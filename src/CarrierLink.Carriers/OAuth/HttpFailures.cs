using System.Net;
using System.Net.Http.Headers;
using Polly.Timeout;

namespace CarrierLink.Carriers.OAuth;

/// <summary>Turns the ways HTTP itself fails into transient results, so every carrier client classifies them alike.</summary>
public static class HttpFailures
{
    public static bool IsTransientStatus(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)status >= 500;

    public static TimeSpan? RetryAfter(HttpResponseHeaders headers, DateTimeOffset now)
    {
        var retryAfter = headers.RetryAfter;
        if (retryAfter?.Delta is { } delta) return delta;
        if (retryAfter?.Date is { } date) return date > now ? date - now : TimeSpan.Zero;
        return null;
    }

    public static async Task<CarrierResult<T>> GuardAsync<T>(string carrierName, Func<Task<CarrierResult<T>>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call();
        }
        catch (HttpRequestException e) when (e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError)
        {
            // Never connected, so the carrier never saw the request.
            return new CarrierResult<T>.Transient($"{carrierName} could not be reached.");
        }
        catch (HttpRequestException)
        {
            return new CarrierResult<T>.Transient($"The connection to {carrierName} was dropped.", MayHaveBeenProcessed: true);
        }
        catch (IOException)
        {
            return new CarrierResult<T>.Transient($"The connection to {carrierName} was dropped.", MayHaveBeenProcessed: true);
        }
        catch (Exception e) when (e is TimeoutRejectedException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // The carrier's timeout ran out (CarrierTimeout's, or the HttpClient's own in a client built by hand): it may have acted.
            return new CarrierResult<T>.Transient($"{carrierName} did not answer in time.", MayHaveBeenProcessed: true);
        }
    }
}
