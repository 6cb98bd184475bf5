using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CarrierLink.Bench.Scenarios;

/// <summary>One request the receiver got: its webhook-id, the event it carried, what it answered and when (Stopwatch ticks).</summary>
public sealed record I14Request(string Path, string? WebhookId, string? Type, Guid? AccountId, int Status, long AnsweredAt, bool Verified)
{
    public bool Succeeded => Status is >= 200 and < 300;
}

/// <summary>
/// A merchant's webhook receiver for issue 14's benchmark: Kestrel in this process on 127.0.0.1 (port 0), one path per
/// endpoint. It checks every request's signature with <see cref="I14Verifier"/>, records its webhook-id and event, and
/// answers 204, or 500 at random for the share of requests its path was told to fail (seeded, so runs are alike).
/// </summary>
public sealed class I14Receiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Endpoint> _endpoints = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<I14Request> _requests = new();
    private readonly Random _dice = new(14);
    private readonly Lock _diceGate = new();

    private sealed class Endpoint(double failureRate)
    {
        public double FailureRate { get; set; } = failureRate;

        public string? Secret { get; set; }

        /// <summary>While set, answers wait for it (at most <see cref="MaxHold"/>).</summary>
        public TaskCompletionSource? Hold { get; set; }
    }

    /// <summary>Below CarrierLink's attempt timeout in the benchmark (3 s), so a held answer is never taken for a timeout.</summary>
    public static readonly TimeSpan MaxHold = TimeSpan.FromSeconds(2);

    private I14Receiver(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    public static async Task<I14Receiver> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new I14Receiver(app);
        app.MapPost("/{**path}", receiver.ReceiveAsync);
        await app.StartAsync(cancellationToken);
        receiver.BaseUrl = new Uri(app.Urls.Single() + "/");
        return receiver;
    }

    /// <summary>Opens a path for an endpoint, failing <paramref name="failureRate"/> of its requests with a 500.</summary>
    public Uri Open(string path, double failureRate)
    {
        _endpoints[path] = new Endpoint(failureRate);
        return new Uri(BaseUrl, path);
    }

    /// <summary>The endpoint's secret, as CarrierLink showed it once when the endpoint was made.</summary>
    public void Trust(string path, string secret) => _endpoints[path].Secret = secret;

    /// <summary>
    /// From now on the path's answers wait until <see cref="Release"/> (at most <see cref="MaxHold"/>): a receiver that is slow
    /// for a moment, so that the nodes, each sending one request at a time to the endpoint, build a backlog.
    /// </summary>
    public void Hold(string path) => _endpoints[path].Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Lets the held answers go; returns when (Stopwatch ticks).</summary>
    public long Release(string path)
    {
        var endpoint = _endpoints[path];
        var hold = endpoint.Hold;
        endpoint.Hold = null;
        hold?.TrySetResult();
        return Stopwatch.GetTimestamp();
    }

    public IReadOnlyList<I14Request> At(string path) => _requests.Where(r => r.Path == path).ToList();

    /// <summary>How many webhook-ids at the path have had a 2xx (cheap enough to poll while a phase runs).</summary>
    public int SucceededIdsAt(string path) => _requests.Where(r => r.Path == path && r.Succeeded).Select(r => r.WebhookId).Distinct().Count();

    private async Task ReceiveAsync(HttpContext http, string path)
    {
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
        var body = buffer.ToArray();
        var headers = http.Request.Headers;
        string? id = headers["webhook-id"];
        var (type, accountId) = Event(body);
        if (!_endpoints.TryGetValue(path, out var endpoint))
        {
            Record(404, false);
            return;
        }
        var verified = endpoint.Secret is { } secret
            && I14Verifier.Verifies(secret, id, headers["webhook-timestamp"], headers["webhook-signature"], body, DateTimeOffset.UtcNow);
        if (endpoint.Hold is { } hold) await Task.WhenAny(hold.Task, Task.Delay(MaxHold, http.RequestAborted));
        // A webhook that does not verify is refused as a receiver would; the figures count it.
        var status = !verified ? 401 : Fails(endpoint.FailureRate) ? 500 : 204;
        Record(status, verified);

        void Record(int answer, bool ok)
        {
            _requests.Enqueue(new I14Request(path, id, type, accountId, answer, Stopwatch.GetTimestamp(), ok));
            http.Response.StatusCode = answer;
        }
    }

    private bool Fails(double rate)
    {
        if (rate <= 0) return false;
        lock (_diceGate) return _dice.NextDouble() < rate;
    }

    /// <summary>The event's type and account, from the Standard Webhooks payload {type, timestamp, data: {account: {id}}}.</summary>
    private static (string? Type, Guid? AccountId) Event(byte[] body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            var type = root.TryGetProperty("type", out var t) ? t.GetString() : null;
            Guid? account = root.TryGetProperty("data", out var data) && data.TryGetProperty("account", out var a)
                && a.TryGetProperty("id", out var i) && i.TryGetGuid(out var g) ? g : null;
            return (type, account);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
