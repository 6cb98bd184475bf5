using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace CarrierLink.Tests.Sandbox;

/// <summary>A page as a browser got it.</summary>
public sealed record Page(HttpResponseMessage Response, IDocument Document)
{
    public HttpStatusCode Status => Response.StatusCode;

    public string? Location => Response.Headers.Location?.OriginalString;

    public string Text => Document.Body?.TextContent ?? "";
}

/// <summary>Cookies, no automatic redirects, forms read and posted the way a browser without JavaScript would.</summary>
public sealed class SandboxBrowser : IDisposable
{
    private static readonly HtmlParser Parser = new();
    private readonly HttpClient client;

    public SandboxBrowser(Uri baseAddress)
    {
        client = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false }) { BaseAddress = baseAddress };
    }

    public CookieContainer Cookies { get; } = new();

    public async Task<Page> GetAsync(string url) => await ReadAsync(await client.GetAsync(url));

    /// <summary>Follows a redirect the sandbox answered with (to its own pages only).</summary>
    public Task<Page> FollowAsync(Page page) =>
        page.Location is { } location ? GetAsync(location) : throw new InvalidOperationException($"Expected a redirect, got {(int)page.Status}: {page.Text}");

    /// <summary>Posts a page's form with its current values, <paramref name="values"/> typed in, and the clicked button.</summary>
    public async Task<Page> SubmitAsync(Page page, Dictionary<string, string>? values = null, (string Name, string Value)? button = null, string formSelector = "form")
    {
        var form = page.Document.QuerySelector<IHtmlFormElement>(formSelector) ?? throw new InvalidOperationException($"No form on the page: {page.Text}");
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var input in form.QuerySelectorAll<IHtmlInputElement>("input[name]"))
        {
            if (input.Type is "checkbox" or "radio" && !input.IsChecked) continue;
            if (values is not null && values.ContainsKey(input.Name!)) continue;
            fields.Add(new(input.Name!, input.Value));
        }
        if (values is not null) fields.AddRange(values);
        if (button is { } clicked) fields.Add(new(clicked.Name, clicked.Value));

        var action = form.GetAttribute("action") ?? "";
        return await ReadAsync(await client.PostAsync(action, new FormUrlEncodedContent(fields)));
    }

    /// <summary>Opens the COP link and signs in; returns the consent page.</summary>
    public async Task<Page> SignInAsync(string copNavigatorUrl, string username, string password)
    {
        var signIn = await GetAsync(copNavigatorUrl);
        var afterSignIn = await SubmitAsync(signIn, new() { ["username"] = username, ["password"] = password });
        return await FollowAsync(afterSignIn);
    }

    private static async Task<Page> ReadAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        return new Page(response, await Parser.ParseDocumentAsync(html));
    }

    public void Dispose() => client.Dispose();
}
