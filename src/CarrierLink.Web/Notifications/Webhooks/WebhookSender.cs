using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using CarrierLink.Web.Security;
using Microsoft.Extensions.Options;

namespace CarrierLink.Web.Notifications.Webhooks;

/// <summary>What one attempt found: its outcome, the status if an answer came, how long it took, and a short excerpt.</summary>
public sealed record WebhookAttemptResult(DateTime At, string Outcome, int? StatusCode, TimeSpan Latency, string? Excerpt, TimeSpan? RetryAfter)
{
    public bool Succeeded => Outcome == WebhookAttemptOutcome.Succeeded;

    /// <summary>410 Gone: the receiver asks CarrierLink to stop sending (Standard Webhooks: disable the endpoint).</summary>
    public bool Gone => StatusCode == (int)HttpStatusCode.Gone;
}

/// <summary>Thrown by the webhook client's connect step for an address <see cref="WebhookAddressPolicy"/> refuses.</summary>
public sealed class WebhookAddressRefusedException(string message) : IOException(message);

/// <summary>
/// One signed POST to an endpoint (Standard Webhooks headers), through the "webhooks" client: its own timeout, no
/// redirects followed, connections only to addresses the policy allows, and no request logging (a URL may carry a token).
/// </summary>
public sealed partial class WebhookSender(IHttpClientFactory clients, TimeProvider time, IOptions<WebhookOptions> options)
{
    public const string ClientName = "webhooks";
    public const int MaxExcerptLength = 200;
    private const int ExcerptBytes = 2048;

    public async Task<WebhookAttemptResult> SendAsync(
        string url, string webhookId, string body, IReadOnlyList<string> secrets, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var timestamp = now.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("webhook-id", webhookId);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSigning.SignatureHeader(secrets, webhookId, timestamp, body));
        var at = now.UtcDateTime;
        var started = time.GetTimestamp();
        // One budget for the whole attempt, the answer's excerpt included.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(options.Value.TimeoutSeconds), time);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var response = await clients.CreateClient(ClientName)
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attempt.Token);
            var latency = time.GetElapsedTime(started);
            var status = (int)response.StatusCode;
            var excerpt = await ExcerptAsync(response, secrets, attempt.Token, cancellationToken);
            return new(at, status is >= 200 and < 300 ? WebhookAttemptOutcome.Succeeded : WebhookAttemptOutcome.Failed, status, latency, excerpt,
                WebhookRetrySchedule.RetryAfter(response.Headers, time.GetUtcNow()));
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new(at, WebhookAttemptOutcome.Timeout, null, time.GetElapsedTime(started),
                $"No answer within {options.Value.TimeoutSeconds} seconds.", null);
        }
        catch (HttpRequestException e)
        {
            return new(at, WebhookAttemptOutcome.ConnectionFailed, null, time.GetElapsedTime(started), ConnectionFailure(e), null);
        }
    }

    /// <summary>Why no answer came, in words that name no internals (the exception's own message never reaches the log).</summary>
    private static string ConnectionFailure(HttpRequestException e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
            if (inner is WebhookAddressRefusedException refused) return $"Not sent: {refused.Message}.";
        return e.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => "The host name did not resolve.",
            HttpRequestError.SecureConnectionError => "The TLS handshake failed (check the endpoint's certificate).",
            HttpRequestError.ConnectionError => "Could not connect to the endpoint.",
            HttpRequestError.ResponseEnded or HttpRequestError.InvalidResponse => "The endpoint closed the connection without a valid answer.",
            _ => "The request failed before an answer came.",
        };
    }

    /// <summary>
    /// The start of the answer, on one line, at most <see cref="MaxExcerptLength"/> characters, with the endpoint's
    /// secrets blanked out in case a receiver echoes what it was given. Only the first bytes are read, within the timeout.
    /// </summary>
    private static async Task<string?> ExcerptAsync(
        HttpResponseMessage response, IReadOnlyList<string> secrets, CancellationToken attempt, CancellationToken cancellationToken)
    {
        var buffer = new byte[ExcerptBytes];
        var read = 0;
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(attempt);
            while (read < buffer.Length && await stream.ReadAsync(buffer.AsMemory(read), attempt) is var n and > 0) read += n;
        }
        catch (Exception e) when (e is OperationCanceledException or HttpRequestException or IOException
            && !cancellationToken.IsCancellationRequested)
        {
            // The status is what counts; a body that does not come in time only leaves the excerpt shorter.
        }
        return Excerpt(Encoding.UTF8.GetString(buffer, 0, read), secrets);
    }

    public static string? Excerpt(string text, IReadOnlyList<string> secrets)
    {
        foreach (var secret in secrets)
        {
            text = text.Replace(secret, "[secret]", StringComparison.Ordinal);
            text = text.Replace(secret[WebhookSigning.SecretPrefix.Length..], "[secret]", StringComparison.Ordinal);
        }
        text = Whitespace().Replace(ControlCharacters.Clean(text)!, " ").Trim();
        return text.Length == 0 ? null : text.Length <= MaxExcerptLength ? text : text[..(MaxExcerptLength - 1)] + "…";
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
