using System.Collections.Concurrent;
using System.Net.Http.Headers;

namespace CarrierLink.Tests.Contracts;

/// <summary>One request CarrierLink sent to USPS and the answer it got, kept byte for byte.</summary>
public sealed record UspsExchange(
    HttpMethod Method,
    string Path,
    string Query,
    IReadOnlyDictionary<string, string> RequestHeaders,
    string? RequestContentType,
    byte[] RequestBody,
    int Status,
    IReadOnlyDictionary<string, string> ResponseHeaders,
    string? ResponseContentType,
    byte[] ResponseBody)
{
    public override string ToString() => $"{Method} {Path}{Query} -> {Status}";
}

/// <summary>
/// Records CarrierLink's USPS traffic on its way out (a handler on every HttpClient it makes), so a
/// contract test sees exactly what the client sends and exactly what the sandbox answers.
/// </summary>
/// <param name="apiPrefixes">The paths to record; USPS's by default (the UPS and FedEx contract tests pass their own).</param>
public sealed class UspsTraffic(IReadOnlyList<string>? apiPrefixes = null)
{
    /// <summary>The USPS APIs by their base path, as USPS's servers lists them (https://apis.usps.com/{api}/v3).</summary>
    public static readonly IReadOnlyList<string> ApiPrefixes = ["/oauth2/v3/", "/labels/v3/", "/prices/v3/", "/payments/v3/", "/scan-forms/v3/", "/pickup/v3/"];

    private readonly ConcurrentQueue<UspsExchange> _exchanges = new();

    private IReadOnlyList<string> Prefixes { get; } = apiPrefixes ?? ApiPrefixes;

    public IReadOnlyList<UspsExchange> Exchanges => [.. _exchanges];

    public void Clear() => _exchanges.Clear();

    /// <summary>An HttpClient of the test's own that records the same way (for answers CarrierLink's flows never ask for).</summary>
    public HttpClient Client(Uri baseAddress) => new(new Recorder(this) { InnerHandler = new HttpClientHandler() }) { BaseAddress = baseAddress };

    /// <summary>Puts the recorder on every HttpClient CarrierLink creates.</summary>
    public void AddTo(IServiceCollection services) =>
        services.ConfigureHttpClientDefaults(client => client.AddHttpMessageHandler(() => new Recorder(this)));

    private sealed class Recorder(UspsTraffic traffic) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var path = request.RequestUri!.AbsolutePath;
            if (!traffic.Prefixes.Any(p => path.StartsWith(p, StringComparison.Ordinal))) return await base.SendAsync(request, cancellationToken);

            var requestBody = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
            var response = await base.SendAsync(request, cancellationToken);
            var responseBody = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            // The body was read here; hand the client an identical, unread copy.
            var copy = new ByteArrayContent(responseBody);
            foreach (var header in response.Content.Headers) copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
            response.Content = copy;

            traffic._exchanges.Enqueue(new UspsExchange(
                request.Method, path, request.RequestUri.Query,
                Headers(request.Headers, request.Content?.Headers), request.Content?.Headers.ContentType?.ToString(), requestBody,
                (int)response.StatusCode, Headers(response.Headers, response.Content.Headers), response.Content.Headers.ContentType?.ToString(), responseBody));
            return response;
        }

        private static Dictionary<string, string> Headers(HttpHeaders headers, HttpContentHeaders? content) =>
            headers.Concat(content ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())
                .GroupBy(h => h.Key, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => string.Join(", ", g.SelectMany(h => h.Value)), StringComparer.OrdinalIgnoreCase);
    }
}
