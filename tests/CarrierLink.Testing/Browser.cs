using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace CarrierLink.Tests.Support;

/// <summary>A page as the browser saw it after following redirects, with the hops it took.</summary>
public sealed record BrowserPage(Uri Url, HttpStatusCode Status, string Text, IDocument Document, IReadOnlyList<Uri> Hops)
{
    public IElement? Link(string text) =>
        Document.QuerySelectorAll("a").FirstOrDefault(a => a.TextContent.Trim() == text);

    public string Heading => Document.QuerySelector("h1")?.TextContent.Trim() ?? "";
}

/// <summary>
/// HttpClient with a cookie jar that follows redirects itself (across CarrierLink and the
/// sandbox, like a browser) and submits forms the way a person would, hidden fields included.
/// </summary>
public sealed class Browser : IDisposable
{
    private const int MaxRedirects = 10;
    private readonly HttpClient _http;
    private readonly HtmlParser _parser = new();

    public Browser(Uri start)
    {
        Cookies = new CookieContainer();
        _http = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = start };
    }

    /// <summary>A browser whose connections come from <paramref name="from"/> (another loopback address), as another client IP would.</summary>
    public Browser(Uri start, IPAddress from)
    {
        Cookies = new CookieContainer();
        _http = new HttpClient(LoopbackFrom.Handler(from, Cookies)) { BaseAddress = start };
    }

    public CookieContainer Cookies { get; }

    public Task<BrowserPage> GetAsync(string url) => SendAsync(new HttpRequestMessage(HttpMethod.Get, url));

    public Task<BrowserPage> GetAsync(Uri url) => SendAsync(new HttpRequestMessage(HttpMethod.Get, url));

    public Task<BrowserPage> FollowLinkAsync(BrowserPage page, string text)
    {
        var link = page.Link(text) ?? throw new InvalidOperationException($"No link '{text}' on {page.Url}.");
        return GetAsync(new Uri(page.Url, link.GetAttribute("href")));
    }

    /// <summary>Fills the form found by <paramref name="formSelector"/> and submits it with the named button.</summary>
    public Task<BrowserPage> SubmitAsync(BrowserPage page, string formSelector, Dictionary<string, string> values, string? buttonText = null)
    {
        var form = page.Document.QuerySelectorAll(formSelector).OfType<IHtmlFormElement>()
            .FirstOrDefault(f => buttonText is null || ButtonsOf(f).Any(b => b.TextContent.Trim() == buttonText))
            ?? throw new InvalidOperationException($"No form '{formSelector}'{(buttonText is null ? "" : $" with button '{buttonText}'")} on {page.Url}: {page.Text[..Math.Min(500, page.Text.Length)]}");
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var input in form.QuerySelectorAll("input").OfType<IHtmlInputElement>())
        {
            if (string.IsNullOrEmpty(input.Name) || values.ContainsKey(input.Name)) continue;
            if (input.Type is "checkbox" or "radio" && !input.IsChecked) continue;
            if (input.Type is "submit" or "button") continue;
            fields.Add(new(input.Name, input.Value));
        }
        // A browser sends each select's chosen option (the first when none is marked selected).
        foreach (var select in form.QuerySelectorAll("select").OfType<IHtmlSelectElement>())
        {
            if (string.IsNullOrEmpty(select.Name) || values.ContainsKey(select.Name) || select.Options.Length == 0) continue;
            var chosen = select.Options.FirstOrDefault(o => o.IsSelected) ?? select.Options[0];
            fields.Add(new(select.Name, chosen!.Value));
        }
        foreach (var (name, value) in values) fields.Add(new(name, value));
        if (buttonText is not null && ButtonsOf(form).First(b => b.TextContent.Trim() == buttonText) is IHtmlButtonElement { Name.Length: > 0 } button)
            fields.Add(new(button.Name!, button.Value));

        var action = form.GetAttribute("action");
        var target = string.IsNullOrEmpty(action) ? page.Url : new Uri(page.Url, action);
        var method = (form.GetAttribute("method") ?? "get").ToUpperInvariant();
        if (buttonText is not null && ButtonsOf(form).First(b => b.TextContent.Trim() == buttonText).GetAttribute("formaction") is { } formAction)
            target = new Uri(page.Url, formAction);
        if (method == "GET")
        {
            var query = string.Join("&", fields.Select(f => $"{Uri.EscapeDataString(f.Key)}={Uri.EscapeDataString(f.Value)}"));
            return GetAsync(new UriBuilder(target) { Query = query }.Uri);
        }
        return SendAsync(new HttpRequestMessage(HttpMethod.Post, target) { Content = new FormUrlEncodedContent(fields) });
    }

    public async Task<BrowserPage> PostFormAsync(string url, Dictionary<string, string> fields) =>
        await SendAsync(new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(fields) });

    private static IEnumerable<IElement> ButtonsOf(IHtmlFormElement form) =>
        form.QuerySelectorAll("button, input[type=submit]");

    private async Task<BrowserPage> SendAsync(HttpRequestMessage request)
    {
        var hops = new List<Uri>();
        for (var i = 0; i <= MaxRedirects; i++)
        {
            var url = request.RequestUri!.IsAbsoluteUri ? request.RequestUri : new Uri(_http.BaseAddress!, request.RequestUri);
            request.RequestUri = url;
            hops.Add(url);
            using var response = await _http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            if ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } location)
            {
                request.Dispose();
                request = new HttpRequestMessage(HttpMethod.Get, location.IsAbsoluteUri ? location : new Uri(url, location));
                continue;
            }
            request.Dispose();
            return new BrowserPage(url, response.StatusCode, text, await _parser.ParseDocumentAsync(text), hops);
        }
        throw new InvalidOperationException("Too many redirects: " + string.Join(" -> ", hops));
    }

    public void Dispose() => _http.Dispose();
}
