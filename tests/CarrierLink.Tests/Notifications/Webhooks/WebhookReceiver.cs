using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CarrierLink.Tests.Notifications.Webhooks;

/// <summary>A webhook as the receiver got it: the raw body (what was signed) and the Standard Webhooks headers.</summary>
public sealed record ReceivedWebhook(string Path, string? Id, string? Timestamp, string? Signature, string Body, string? ContentType)
{
    public System.Text.Json.JsonElement Json => System.Text.Json.JsonDocument.Parse(Body).RootElement;

    public string Type => Json.GetProperty("type").GetString()!;

    public string? VerifyFailure(string secret, DateTimeOffset now) => StandardWebhooksVerifier.Failure(secret, Id, Timestamp, Signature, Body, now);
}

/// <summary>
/// A merchant's receiver: a real Kestrel server on 127.0.0.1 (port 0) that records every POST and answers as the test
/// scripts it (204 unless told otherwise).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();
    private readonly ConcurrentQueue<Answer> _next = new();

    private WebhookReceiver(WebApplication app) => _app = app;

    public sealed record Answer(int Status, string? RetryAfter = null, string Body = "");

    /// <summary>The answer once the scripted ones are used up.</summary>
    public Answer Otherwise { get; set; } = new(204);

    /// <summary>How long each answer takes (a slow receiver keeps a delivery in flight).</summary>
    public TimeSpan Delay { get; set; }

    public Uri BaseUrl { get; private set; } = null!;

    public Uri Url(string path = "hooks") => new(BaseUrl, path);

    public IReadOnlyList<ReceivedWebhook> Received => _received.ToList();

    public IReadOnlyList<ReceivedWebhook> At(string path) => Received.Where(r => r.Path == "/" + path).ToList();

    public void AnswerNext(params Answer[] answers)
    {
        foreach (var answer in answers) _next.Enqueue(answer);
    }

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/{**path}", receiver.ReceiveAsync);
        receiver.MapDocsExample(app);
        await app.StartAsync();
        receiver.BaseUrl = new Uri(app.Urls.Single() + "/");
        return receiver;
    }

    /// <summary>The secret the receiver example of docs/webhooks.md checks with, at /carrierlink/webhooks.</summary>
    public string DocsExampleSecret { get; set; } = "whsec_" + Convert.ToBase64String(new byte[32]);

    /// <summary>docs/webhooks.md's receiver example, as it is printed there (only <c>secret</c> comes from the test).</summary>
    private void MapDocsExample(WebApplication app)
    {
        // Note: the example keeps real time (DateTimeOffset.UtcNow), as a receiver would; tests using it do not move the clock.
        app.MapPost("/carrierlink/webhooks", async (HttpRequest request) =>
        {
            var secret = DocsExampleSecret;
            var body = await new StreamReader(request.Body).ReadToEndAsync(); // the raw body: parse it only once verified
            string id = request.Headers["webhook-id"].ToString(), timestamp = request.Headers["webhook-timestamp"].ToString();
            if (!long.TryParse(timestamp, out var sent) || Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - sent) > 300) return Results.Unauthorized();
            var mac = HMACSHA256.HashData(Convert.FromBase64String(secret["whsec_".Length..]), Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}"));
            var expected = Encoding.ASCII.GetBytes("v1," + Convert.ToBase64String(mac));
            var valid = request.Headers["webhook-signature"].ToString().Split(' ')
                .Any(signature => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(signature), expected));
            return valid ? Results.NoContent() : Results.Unauthorized(); // then skip a webhook-id already handled
        });
    }

    private async Task ReceiveAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body);
        var body = await reader.ReadToEndAsync();
        var headers = http.Request.Headers;
        _received.Enqueue(new ReceivedWebhook(http.Request.Path, headers["webhook-id"], headers["webhook-timestamp"], headers["webhook-signature"], body,
            http.Request.ContentType));
        if (Delay > TimeSpan.Zero) await Task.Delay(Delay);
        var answer = _next.TryDequeue(out var scripted) ? scripted : Otherwise;
        http.Response.StatusCode = answer.Status;
        if (answer.RetryAfter is not null) http.Response.Headers.RetryAfter = answer.RetryAfter;
        if (answer.Body.Length > 0) await http.Response.WriteAsync(answer.Body);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
