using System.Collections.Concurrent;
using CarrierLink.Carriers.OAuth;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace CarrierLink.Web.Shipping;

/// <summary>
/// The retry pipelines of carrier operations, built once per result type and kind of operation (idempotent or a
/// purchase) and shared by every request. Building a pipeline validates its options with DataAnnotations under a
/// process-wide lock: built per call, that lock was a third of the lock waits on the rates path in issue 12's profile.
/// A pipeline keeps no state between executions, so sharing it changes nothing about the retries.
/// </summary>
public sealed class RetryPipelines(IOptions<ShippingOptions> options, TimeProvider time)
{
    private readonly ShippingOptions _options = options.Value;
    private readonly ConcurrentDictionary<(Type Result, bool Idempotent), object> _built = new();

    /// <param name="idempotent">False for purchases: a failure that may have reached the carrier is not retried blindly.</param>
    public ResiliencePipeline<CarrierResult<T>> For<T>(bool idempotent) =>
        (ResiliencePipeline<CarrierResult<T>>)_built.GetOrAdd((typeof(T), idempotent), _ => Build<T>(idempotent));

    private ResiliencePipeline<CarrierResult<T>> Build<T>(bool idempotent)
    {
        if (_options.TransientRetries == 0) return ResiliencePipeline<CarrierResult<T>>.Empty;
        var maxWait = TimeSpan.FromSeconds(_options.MaxRetryAfterSeconds);
        return new ResiliencePipelineBuilder<CarrierResult<T>> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<CarrierResult<T>>
            {
                MaxRetryAttempts = _options.TransientRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(_options.RetryBaseDelayMilliseconds),
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result is CarrierResult<T>.Transient t
                    && (idempotent || !t.MayHaveBeenProcessed)
                    && (t.RetryAfter is null || t.RetryAfter <= maxWait)),
                // Honour the carrier's Retry-After (429) when it names one we are willing to wait.
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result is CarrierResult<T>.Transient { RetryAfter: { } after } ? after : (TimeSpan?)null),
            })
            .Build();
    }
}
