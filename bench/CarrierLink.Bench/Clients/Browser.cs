using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace CarrierLink.Bench.Clients;

/// <summary>A page as the browser saw it after following redirects.</summary>
public sealed record BrowserPage(Uri Url, HttpStatusCode Status, string Text, IDocument Document)
{
    public string Heading => Document.QuerySelector("h1")?.TextContent.Trim() ?? "";

    public string Excerpt => Text[..Math.Min(400, Text.Length)];
}

/// <summary>
/// A cookie jar that follows redirects across CarrierLink and the sandbox and submits forms as a
/// person would (hidden fields included): the minimal copy of tests/CarrierLink.Testing/Browser.cs,
/// so the harness connects accounts through the real OAuth pages without a browser or xunit.
/// </summary>
public sealed class Browser : IDisposable
{
    private const int MaxRedirects = 10;
    private readonly HttpClient _http;
    private readonly HtmlParser _parser = new();

    public Browser(Uri start) =>
        _http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false, UseCookies = true })
        {
            BaseAddress = start,
            Timeout = TimeSpan.FromSeconds(60),
        };

    public Task<BrowserPage> GetAsync(Uri url, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, url), cancellationToken);

    public Task<BrowserPage> FollowLinkAsync(BrowserPage page, string text, CancellationToken cancellationToken)
    {
        var link = page.Document.QuerySelectorAll("a").FirstOrDefault(a => a.TextContent.Trim() == text)
            ?? throw new InvalidOperationException($"No link '{text}' on {page.Url}: {page.Excerpt}");
        return GetAsync(new Uri(page.Url, link.GetAttribute("href")), cancellationToken);
    }

    /// <summary>Fills the first form (with that button, when named) and submits it as the button would.</summary>
    public Task<BrowserPage> SubmitAsync(BrowserPage page, Dictionary<string, string> values, string? buttonText, CancellationToken cancellationToken)
    {
        var form = page.Document.QuerySelectorAll("form").OfType<IHtmlFormElement>()
            .FirstOrDefault(f => buttonText is null || Button(f, buttonText) is not null)
            ?? throw new InvalidOperationException($"No form{(buttonText is null ? "" : $" with button '{buttonText}'")} on {page.Url}: {page.Excerpt}");
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var input in form.QuerySelectorAll("input").OfType<IHtmlInputElement>())
        {
            if (string.IsNullOrEmpty(input.Name) || values.ContainsKey(input.Name)) continue;
            if (input.Type is "checkbox" or "radio" && !input.IsChecked) continue;
            if (input.Type is "submit" or "button") continue;
            fields.Add(new(input.Name, input.Value));
        }
        foreach (var (name, value) in values) fields.Add(new(name, value));
        var button = buttonText is null ? null : Button(form, buttonText);
        if (button is IHtmlButtonElement { Name.Length: > 0 } named) fields.Add(new(named.Name!, named.Value));

        var action = button?.GetAttribute("formaction") ?? form.GetAttribute("action");
        var target = string.IsNullOrEmpty(action) ? page.Url : new Uri(page.Url, action);
        if ((form.GetAttribute("method") ?? "get").Equals("get", StringComparison.OrdinalIgnoreCase))
        {
            var query = string.Join("&", fields.Select(f => $"{Uri.EscapeDataString(f.Key)}={Uri.EscapeDataString(f.Value)}"));
            return GetAsync(new UriBuilder(target) { Query = query }.Uri, cancellationToken);
        }
        return SendAsync(new HttpRequestMessage(HttpMethod.Post, target) { Content = new FormUrlEncodedContent(fields) }, cancellationToken);
    }

    public void Dispose() => _http.Dispose();

    private static IElement? Button(IHtmlFormElement form, string text) =>
        form.QuerySelectorAll("button, input[type=submit]").FirstOrDefault(b => b.TextContent.Trim() == text);

    private async Task<BrowserPage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        for (var hop = 0; hop <= MaxRedirects; hop++)
        {
            var url = request.RequestUri!.IsAbsoluteUri ? request.RequestUri : new Uri(_http.BaseAddress!, request.RequestUri);
            request.RequestUri = url;
            using var response = await _http.SendAsync(request, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            request.Dispose();
            if ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } location)
            {
                request = new HttpRequestMessage(HttpMethod.Get, location.IsAbsoluteUri ? location : new Uri(url, location));
                continue;
            }
            return new BrowserPage(url, response.StatusCode, text, await _parser.ParseDocumentAsync(text, cancellationToken));
        }
        throw new InvalidOperationException($"More than {MaxRedirects} redirects from {request.RequestUri}.");
    }
}
