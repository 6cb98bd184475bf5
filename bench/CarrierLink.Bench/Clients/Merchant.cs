using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace CarrierLink.Bench.Clients;

/// <summary>
/// A merchant as its systems and its people use CarrierLink: an API client per node (Bearer key)
/// and a browser signed in on the first node for the carrier's sign-in pages.
/// </summary>
public sealed class Merchant : IDisposable
{
    private readonly Browser _browser;

    private Merchant(MerchantLogin login, IReadOnlyList<HttpClient> apis, Browser browser)
    {
        Login = login;
        Apis = apis;
        _browser = browser;
    }

    public MerchantLogin Login { get; }

    /// <summary>One API client per node, in node order.</summary>
    public IReadOnlyList<HttpClient> Apis { get; }

    public static async Task<Merchant> SignInAsync(MerchantLogin login, IReadOnlyList<Uri> nodes, CancellationToken cancellationToken)
    {
        var browser = new Browser(nodes[0]);
        var loginPage = await browser.GetAsync(new Uri(nodes[0], "login"), cancellationToken);
        var home = await browser.SubmitAsync(loginPage, new() { ["email"] = login.Email, ["password"] = login.Password }, "Sign in", cancellationToken);
        if (home.Url.AbsolutePath != "/") throw new InvalidOperationException($"Sign-in did not reach the home page: {home.Url} {home.Excerpt}");
        var apis = nodes.Select(node => Api(node, login.ApiKey)).ToList();
        return new Merchant(login, apis, browser);
    }

    /// <summary>Connects a USPS account as a person does: API create, then USPS.com's sign-in and consent, back to CarrierLink.</summary>
    public async Task<Guid> ConnectUspsAsync(SandboxCustomer customer, string nickname, CancellationToken cancellationToken)
    {
        using var response = await Apis[0].PostAsJsonAsync("api/v1/carrier-accounts", new { carrier = "usps", nickname }, cancellationToken);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        if (response.StatusCode != HttpStatusCode.Created) throw new InvalidOperationException($"Creating the account answered {(int)response.StatusCode}: {body}");

        var signIn = await _browser.GetAsync(new Uri(body.GetProperty("authorization_url").GetString()!), cancellationToken);
        var consent = await _browser.SubmitAsync(signIn, new() { ["username"] = customer.Username, ["password"] = customer.Password }, "Sign In", cancellationToken);
        var done = await _browser.SubmitAsync(consent, new() { ["agree"] = "true" }, "Authorize & Continue", cancellationToken);
        var back = await _browser.FollowLinkAsync(done, "Go to CarrierLink", cancellationToken);
        if (back.Heading != "Your USPS account is connected") throw new InvalidOperationException($"Connecting ended on {back.Url}: {back.Heading}");
        return Guid.Parse(body.GetProperty("account").GetProperty("id").GetString()!);
    }

    /// <summary>Connects a One Balance (Stamps.com) account: username and password through the API, no sign-in page.</summary>
    public async Task<Guid> ConnectOneBalanceAsync(SandboxCustomer customer, string nickname, CancellationToken cancellationToken)
    {
        using var response = await Apis[0].PostAsJsonAsync("api/v1/carrier-accounts",
            new { carrier = "stamps", nickname, username = customer.Username, password = customer.Password }, cancellationToken);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        if (response.StatusCode != HttpStatusCode.Created) throw new InvalidOperationException($"Connecting One Balance answered {(int)response.StatusCode}: {body}");
        var account = body.GetProperty("account");
        if (account.GetProperty("state").GetString() != "connected") throw new InvalidOperationException($"One Balance account not connected: {account}");
        return Guid.Parse(account.GetProperty("id").GetString()!);
    }

    /// <summary>The account as the API shows it (GET /api/v1/carrier-accounts/{id}).</summary>
    public Task<JsonElement> AccountAsync(Guid accountId, CancellationToken cancellationToken) =>
        Apis[0].GetFromJsonAsync<JsonElement>($"api/v1/carrier-accounts/{accountId}", cancellationToken);

    /// <summary>The account's state and its reason code (null unless the API gives one), as the API reports them.</summary>
    public async Task<(string State, string? ReasonCode)> StateAndReasonAsync(Guid accountId, CancellationToken cancellationToken)
    {
        var account = await Apis[0].GetFromJsonAsync<JsonElement>($"api/v1/carrier-accounts/{accountId}", cancellationToken);
        var code = account.TryGetProperty("state_reason_code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
        return (account.GetProperty("state").GetString()!, code);
    }

    /// <summary>The account's state (connected, needs_reconnect, ...) as the API reports it.</summary>
    public async Task<string> StateAsync(Guid accountId, CancellationToken cancellationToken)
    {
        var account = await Apis[0].GetFromJsonAsync<JsonElement>($"api/v1/carrier-accounts/{accountId}", cancellationToken);
        return account.GetProperty("state").GetString()!;
    }

    public void Dispose()
    {
        _browser.Dispose();
        foreach (var api in Apis) api.Dispose();
    }

    private static HttpClient Api(Uri node, string apiKey)
    {
        // No connection limit: the load generator decides the concurrency, not the handler.
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = node,
            Timeout = TimeSpan.FromSeconds(120),
        };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return client;
    }
}
