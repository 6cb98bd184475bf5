using System.Collections.Concurrent;

namespace CarrierLink.Sandbox.Control;

/// <summary>One carrier's counters, as the control API reports them.</summary>
public sealed class CarrierCounters
{
    private long tokensIssued;
    private long refreshes;
    private long refreshRejected;
    private readonly ConcurrentDictionary<string, long> calls = new(StringComparer.Ordinal);

    public void TokenIssued() => Interlocked.Increment(ref tokensIssued);

    public void Refreshed() => Interlocked.Increment(ref refreshes);

    public void RefreshRejected() => Interlocked.Increment(ref refreshRejected);

    public void Called(string endpoint) => calls.AddOrUpdate(endpoint, 1, (_, n) => n + 1);

    public object Snapshot() => new
    {
        tokens_issued = Interlocked.Read(ref tokensIssued),
        refreshes = Interlocked.Read(ref refreshes),
        refresh_rejected = Interlocked.Read(ref refreshRejected),
        calls = new SortedDictionary<string, long>(calls, StringComparer.Ordinal),
    };

    public void Reset()
    {
        Interlocked.Exchange(ref tokensIssued, 0);
        Interlocked.Exchange(ref refreshes, 0);
        Interlocked.Exchange(ref refreshRejected, 0);
        calls.Clear();
    }
}

public sealed class SandboxCounters
{
    private readonly ConcurrentDictionary<string, CarrierCounters> carriers = new(StringComparer.Ordinal);

    public SandboxCounters()
    {
        // Every supported carrier is listed even before its first call, so readers need not special-case "absent".
        foreach (var carrier in Carriers.Supported) For(carrier);
    }

    public CarrierCounters For(string carrier) => carriers.GetOrAdd(carrier, _ => new CarrierCounters());

    public IReadOnlyDictionary<string, object> Snapshot() =>
        new SortedDictionary<string, object>(carriers.ToDictionary(c => c.Key, c => c.Value.Snapshot()), StringComparer.Ordinal);

    public void Reset()
    {
        foreach (var counters in carriers.Values) counters.Reset();
    }
}

/// <summary>Counts every carrier API call under "METHOD /route-template", so /labels/v3/label/{trackingNumber} is one key.</summary>
public sealed class CallCountingMiddleware(RequestDelegate next, SandboxCounters counters)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (Carriers.ForApiPath(context.Request.Path) is { } carrier)
        {
            counters.For(carrier).Called(EndpointKey(context));
        }
        return next(context);
    }

    /// <summary>The route template when routing matched one, otherwise the raw path (a 404 is a call too).</summary>
    public static string EndpointKey(HttpContext context)
    {
        var template = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
        var path = template is null ? context.Request.Path.Value ?? "/" : "/" + template.TrimStart('/');
        return $"{context.Request.Method} {path}";
    }
}
