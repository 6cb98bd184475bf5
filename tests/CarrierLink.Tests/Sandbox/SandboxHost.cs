using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CarrierLink.Sandbox;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace CarrierLink.Tests.Sandbox;

/// <summary>A real sandbox on a free loopback port, with helpers that play the browser and CarrierLink.</summary>
public sealed class SandboxHost : IAsyncDisposable
{
    public const string ClientId = "carrierlink-local";
    public const string ClientSecret = "sandbox-secret-local-only";
    public const string RedirectUri = "http://127.0.0.1:5080/connect/usps/callback";
    public const string Username = "merchant.usps";
    public const string Password = "Ship-it-2026";

    private SandboxHost(WebApplication app, Uri baseAddress)
    {
        App = app;
        BaseAddress = baseAddress;
        Http = new HttpClient { BaseAddress = baseAddress };
    }

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    /// <summary>A cookie-less client for API calls, as CarrierLink's server would make them.</summary>
    public HttpClient Http { get; }

    /// <summary>Starts a sandbox; <paramref name="settings"/> are extra command-line args such as "--Sandbox:ControlKey=k".</summary>
    public static Task<SandboxHost> StartAsync(params string[] settings) => StartAsync(null, settings);

    public static async Task<SandboxHost> StartAsync(TimeProvider? time, params string[] settings)
    {
        var app = SandboxApp.Create(["--urls", "http://127.0.0.1:0", .. settings], builder =>
        {
            if (time is not null) builder.Services.AddSingleton(time);
        });
        await app.StartAsync();
        return new SandboxHost(app, new Uri(app.Urls.Single()));
    }

    public SandboxBrowser NewBrowser() => new(BaseAddress);

    public static string CopNavigatorUrl(string state = "state-123", string? codeChallenge = null, string clientId = ClientId, string redirectUri = RedirectUri, string platform = "CarrierLink")
    {
        var query = new Dictionary<string, string?>
        {
            ["wf"] = "apis_merchant_user",
            // As CarrierLink sends it: standard OAuth 2.0 parameters beside USPS's own.
            ["response_type"] = "code",
            ["scope"] = "prices labels payments pickup scan-forms",
            ["client_id"] = clientId,
            ["state"] = state,
            ["redirect_uri"] = redirectUri,
            ["platform"] = platform,
            ["reauth"] = "true",
        };
        if (codeChallenge is not null)
        {
            query["code_challenge"] = codeChallenge;
            query["code_challenge_method"] = "S256";
        }
        return QueryHelpers.AddQueryString("/cop-navigator", query);
    }

    /// <summary>Walks the whole USPS.com flow in a fresh browser and returns the code from "Go to CarrierLink".</summary>
    public async Task<string> AuthorizeAsync(string username = Username, string password = Password, string? codeChallenge = null, string state = "state-123")
    {
        using var browser = NewBrowser();
        var consent = await browser.SignInAsync(CopNavigatorUrl(state, codeChallenge), username, password);
        var authorized = await browser.FollowAsync(await browser.SubmitAsync(consent, new() { ["agree"] = "true" }, ("decision", "authorize")));
        var link = authorized.Document.QuerySelectorAll("a").Single(a => a.TextContent.Trim() == "Go to CarrierLink");
        var query = QueryHelpers.ParseQuery(new Uri(link.GetAttribute("href")!).Query);
        if (query["state"] != state) throw new InvalidOperationException("state did not round-trip");
        return query["code"]!;
    }

    public Task<HttpResponseMessage> TokenAsync(Dictionary<string, string> parameters, bool withClient = true)
    {
        if (withClient)
        {
            parameters.TryAdd("client_id", ClientId);
            parameters.TryAdd("client_secret", ClientSecret);
        }
        return Http.PostAsync("/oauth2/v3/token", new FormUrlEncodedContent(parameters));
    }

    public Task<HttpResponseMessage> ExchangeCodeAsync(string code, string? codeVerifier = null, string redirectUri = RedirectUri)
    {
        var parameters = new Dictionary<string, string> { ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = redirectUri };
        if (codeVerifier is not null) parameters["code_verifier"] = codeVerifier;
        return TokenAsync(parameters);
    }

    public Task<HttpResponseMessage> RefreshAsync(string refreshToken) =>
        TokenAsync(new() { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken });

    /// <summary>Authorize, exchange the code, and return the token response body.</summary>
    public async Task<JsonElement> ConnectAsync(string username = Username)
    {
        var response = await ExchangeCodeAsync(await AuthorizeAsync(username));
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public Task<HttpResponseMessage> GetMeAsync(string accessToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/users/v3/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return Http.SendAsync(request);
    }

    public Task<HttpResponseMessage> ControlAsync(HttpMethod method, string path, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = JsonContent.Create(body);
        return Http.SendAsync(request);
    }

    public async Task<JsonElement> CountersAsync() =>
        (await (await ControlAsync(HttpMethod.Get, "/_control/counters")).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("usps");

    public static (string Verifier, string Challenge) NewPkce()
    {
        var verifier = Base64UrlTextEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64UrlTextEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        return (verifier, challenge);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
