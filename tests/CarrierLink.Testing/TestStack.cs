using System.Net.Http.Json;
using CarrierLink.Sandbox;
using CarrierLink.Web;
using CarrierLink.Web.Data;
using CarrierLink.Web.Merchants;
using CarrierLink.Web.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace CarrierLink.Tests.Support;

/// <summary>Whose clock a test moves when it advances <see cref="TestStack.Clock"/>.</summary>
public enum ClockScope
{
    /// <summary>CarrierLink's only: the sandbox keeps real time (most suites).</summary>
    CarrierLink,
    /// <summary>CarrierLink's and the sandbox's: time passes for the carrier too, so its tokens and grants age with CarrierLink's view of them.</summary>
    CarrierLinkAndSandbox,
}

/// <summary>
/// The real thing on loopback: the carrier sandbox and CarrierLink, each on a port held from before it starts
/// (<see cref="HeldPort"/>), CarrierLink on a fresh SQLite or PostgreSQL database, talking over real HTTP.
/// </summary>
public sealed class TestStack : IAsyncDisposable
{
    public const string ClientId = "carrierlink-tests";
    public const string ClientSecret = "sandbox-secret-for-tests";

    private readonly string _folder;
    private readonly WebApplication _sandbox;
    private readonly WebApplication _web;
    private readonly string[] _webArgs;
    private readonly RealTimePump _pump;
    private readonly HeldPort[] _ports;

    private TestStack(
        string folder, TestDatabase database, WebApplication sandbox, WebApplication web, string[] webArgs, HeldPort[] ports, Uri sandboxUrl, Uri webUrl,
        FakeTimeProvider clock, RealTimePump pump)
    {
        _folder = folder;
        _webArgs = webArgs;
        _ports = ports;
        Database = database;
        _sandbox = sandbox;
        _web = web;
        SandboxUrl = sandboxUrl;
        WebUrl = webUrl;
        Clock = clock;
        _pump = pump;
        Control = new HttpClient { BaseAddress = sandboxUrl };
    }

    public TestDatabase Database { get; }
    public Uri SandboxUrl { get; }
    public Uri WebUrl { get; }

    /// <summary>Where this stack's mail lands (no SMTP server is configured): one .eml file per message.</summary>
    public string MailFolder => Path.Combine(_folder, "mail");

    /// <summary>The messages mailed to <paramref name="to"/> so far, oldest first.</summary>
    public IReadOnlyList<MimeKit.MimeMessage> MailTo(string to) =>
        Directory.Exists(MailFolder)
            ? Directory.GetFiles(MailFolder, "*.eml").Order().Select(f => MimeKit.MimeMessage.Load(f))
                .Where(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, to, StringComparison.OrdinalIgnoreCase))).ToList()
            : [];
    /// <summary>CarrierLink's clock (and the sandbox's, in <see cref="ClockScope.CarrierLinkAndSandbox"/>): real time until a test advances it.</summary>
    public FakeTimeProvider Clock { get; }
    public IServiceProvider Services => _web.Services;

    /// <summary>A client for the sandbox's control API and raw carrier endpoints.</summary>
    public HttpClient Control { get; }

    /// <summary>
    /// Pass among the web arguments for the app's own password hashing (PBKDF2, 100,000 rounds: about 80 ms of CPU per
    /// hash here). Other stacks hash with 1,000 rounds, same algorithm and format: the suite creates and signs in well
    /// over a thousand users, and the rounds matter only to the tests about sign-in timing.
    /// </summary>
    public const string ProductionPasswordHashing = "--Testing:ProductionPasswordHashing=true";

    private static void CheapPasswordHashing(IServiceCollection services) =>
        services.Configure<Microsoft.AspNetCore.Identity.PasswordHasherOptions>(o => o.IterationCount = 1_000);

    public static Task<TestStack> StartAsync(StoreProvider provider, params string[] extraWebArgs) =>
        StartAsync(provider, ClockScope.CarrierLink, postgresAdmin: null, extraWebArgs);

    public static Task<TestStack> StartAsync(StoreProvider provider, ClockScope clockScope, params string[] extraWebArgs) =>
        StartAsync(provider, clockScope, postgresAdmin: null, extraWebArgs);

    /// <summary>A stack whose CarrierLink gets extra services (for example a handler that records its carrier traffic).</summary>
    public static Task<TestStack> StartAsync(StoreProvider provider, Action<IServiceCollection> configureWeb, params string[] extraWebArgs) =>
        StartAsync(provider, ClockScope.CarrierLink, postgresAdmin: null, extraWebArgs, configureWeb);

    /// <summary>A stack on a database of another PostgreSQL cluster than the suite's (a <see cref="PrivatePostgres"/>).</summary>
    public static Task<TestStack> StartOnPostgresAsync(string postgresAdmin, params string[] extraWebArgs) =>
        StartAsync(StoreProvider.Postgres, ClockScope.CarrierLink, postgresAdmin, extraWebArgs);

    private static async Task<TestStack> StartAsync(
        StoreProvider provider, ClockScope clockScope, string? postgresAdmin, string[] extraWebArgs, Action<IServiceCollection>? configureWeb = null)
    {
        var folder = Directory.CreateTempSubdirectory("carrierlink-test-").FullName;
        var database = await TestDatabase.CreateAsync(provider, folder, postgresAdmin);
        // Each app needs the other's address (and CarrierLink its own) in its settings, so both ports are bound first.
        var sandboxPort = HeldPort.Bind();
        var webPort = HeldPort.Bind();
        var sandboxUrl = sandboxPort.Url;
        var webUrl = webPort.Url;

        var clock = RealTimePump.StartClock(out var pump);
        var sandbox = SandboxApp.Create(
        [
            "--urls", sandboxPort.Urls,
            "--Logging:LogLevel:Default=Warning",
            "--Sandbox:Clients:0:ClientId", ClientId,
            "--Sandbox:Clients:0:ClientSecret", ClientSecret,
            "--Sandbox:Clients:0:Name", "CarrierLink",
            "--Sandbox:Clients:0:RedirectUris:0", new Uri(webUrl, "connect/usps/callback").ToString(),
            "--Sandbox:Clients:0:RedirectUris:1", new Uri(webUrl, "connect/ups/callback").ToString(),
            "--Sandbox:Usps:ConsentAutoReturnSeconds=5",
            // Fault rates below 1 roll seeded dice, so a test of them passes or fails the same way every run.
            "--Sandbox:FaultSeed=20261121",
        ], builder =>
        {
            sandboxPort.HandTo(builder.Services);
            if (clockScope == ClockScope.CarrierLinkAndSandbox) builder.Services.AddSingleton<TimeProvider>(clock);
        });
        await sandbox.StartAsync();

        string[] webArgs =
        [
            "--urls", webPort.Urls,
            "--environment", "Testing",
            "--Logging:LogLevel:Default=Warning",
            "--ConnectionStrings:CarrierLink", database.ConnectionString,
            "--Database:Provider", database.ProviderName,
            "--Database:MigrateOnStart=true",
            "--DataProtection:KeysFolder", Path.Combine(folder, "keys"),
            "--Mail:PickupFolder", Path.Combine(folder, "mail"),
            "--CarrierLink:PublicBaseUrl", webUrl.ToString().TrimEnd('/'),
            "--Carriers:Usps:ApiBaseUrl", sandboxUrl.ToString(),
            "--Carriers:Usps:ConsentUrl", new Uri(sandboxUrl, "cop-navigator").ToString(),
            "--Carriers:Usps:ClientId", ClientId,
            "--Carriers:Usps:ClientSecret", ClientSecret,
            // Generous: suites share 2 cores in CI. Tests about timeouts move the clock past it (FastForward).
            "--Carriers:Usps:TimeoutSeconds=15",
            "--Shipping:RetryBaseDelayMilliseconds=10",
            "--Carriers:Stamps:AuthBaseUrl", sandboxUrl.ToString(),
            "--Carriers:Stamps:ApiBaseUrl", new Uri(sandboxUrl, "sera/").ToString(),
            "--Carriers:Stamps:IntegrationId", "6f1c2d3e-4b5a-4c7d-9e8f-0a1b2c3d4e5f",
            "--Carriers:Stamps:ForgotPasswordUrl", new Uri(sandboxUrl, "stamps/forgot-password").ToString(),
            "--Carriers:Stamps:TimeoutSeconds=15",
            "--Carriers:Ups:BaseUrl", sandboxUrl.ToString(),
            "--Carriers:Ups:ClientId", ClientId,
            "--Carriers:Ups:ClientSecret", ClientSecret,
            "--Carriers:Ups:TimeoutSeconds=15",
            "--Carriers:FedEx:BaseUrl", sandboxUrl.ToString(),
            "--Carriers:FedEx:ClientId", ClientId,
            "--Carriers:FedEx:ClientSecret", ClientSecret,
            "--Carriers:FedEx:TimeoutSeconds=15",
            "--Sandbox:Embedded:Enabled=false",
            // The health engine's background worker would act on its own clock; engine tests run its cycle by hand.
            "--Health:WorkersEnabled=false",
            // Likewise the notification loop: tests run it by hand (NotificationWorker.RunUntilIdleAsync).
            "--Notifications:WorkersEnabled=false",
            // Every test signs in from 127.0.0.1; the per-IP limits have their own tests with their own stacks.
            "--Security:SignIn:AttemptsPerIpPerMinute=100000",
            "--Security:SignIn:FailedApiKeysPerIpPerMinute=100000",
            .. extraWebArgs,
        ];
        var productionHashing = extraWebArgs.Contains(ProductionPasswordHashing);
        var web = CarrierLinkApp.Create(webArgs, services =>
        {
            webPort.HandTo(services);
            services.AddSingleton<TimeProvider>(clock);
            if (!productionHashing) CheapPasswordHashing(services);
            configureWeb?.Invoke(services);
        });
        await web.StartAsync();
        return new TestStack(folder, database, sandbox, web, webArgs, [sandboxPort, webPort], sandboxUrl, webUrl, clock, pump);
    }

    /// <summary>
    /// Another CarrierLink node on the same database, key ring folder, sandbox and clock, on a port of its own
    /// (the way a platform runs several behind a load balancer). The caller disposes it.
    /// </summary>
    public async Task<CarrierLinkNode> StartAnotherNodeAsync()
    {
        // The later --urls wins; everything else (database, keys folder, carriers, PublicBaseUrl) is shared.
        // No one needs this node's address before it starts, so it takes whatever port the system gives it.
        string[] args = [.. _webArgs, "--urls", "http://127.0.0.1:0"];
        var productionHashing = _webArgs.Contains(ProductionPasswordHashing);
        var web = CarrierLinkApp.Create(args, services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            if (!productionHashing) CheapPasswordHashing(services);
        });
        await web.StartAsync();
        return new CarrierLinkNode(web, web.BoundUrl());
    }

    /// <summary>Creates a merchant through the same service the CLI uses; returns its ids and API key.</summary>
    public async Task<TestMerchant> CreateMerchantAsync(string? name = null)
    {
        var email = $"m-{Guid.NewGuid():N}@example.test";
        const string password = "merchant-password-1";
        await using var scope = Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<MerchantAccounts>()
            .CreateAsync(name ?? "Test Merchant", email, password, null, CancellationToken.None);
        var created = ((CreateMerchantResult.Created)result).Merchant;
        return new TestMerchant(this, created.MerchantId, email, password, created.ApiKey);
    }

    /// <summary>Creates a platform support agent; returns a browser signed in as them.</summary>
    public async Task<Browser> SignedInAgentAsync()
    {
        var email = $"agent-{Guid.NewGuid():N}@example.test";
        const string password = "agent-password-1";
        await using (var scope = Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<MerchantAccounts>().CreateAgentAsync(email, password, CancellationToken.None);
        var browser = new Browser(WebUrl);
        var login = await browser.GetAsync("/login");
        await browser.SubmitAsync(login, "form", new() { ["email"] = email, ["password"] = password });
        return browser;
    }

    /// <summary>Creates a USPS customer at the sandbox and returns its username and password.</summary>
    /// <param name="accountInToken">False: its access tokens name no account, so CarrierLink must ask the merchant for the numbers.</param>
    public async Task<SandboxCustomer> CreateUspsCustomerAsync(bool accountInToken = true)
    {
        var username = "usps-" + Guid.NewGuid().ToString("N")[..10];
        const string password = "Usps-Pass-2026";
        var response = await Control.PostAsJsonAsync("/_control/customers", new { carrier = "usps", username, password, account_in_token = accountInToken });
        response.EnsureSuccessStatusCode();
        var ids = await response.Content.ReadFromJsonAsync<Dictionary<string, System.Text.Json.JsonElement>>();
        return new SandboxCustomer(username, password, ids!["crid"].GetString()!);
    }

    /// <summary>Creates a Stamps.com (One Balance) customer at the sandbox.</summary>
    public async Task<SandboxCustomer> CreateStampsCustomerAsync()
    {
        var username = "stamps-" + Guid.NewGuid().ToString("N")[..10];
        const string password = "One-Balance-2026";
        var response = await Control.PostAsJsonAsync("/_control/customers", new { carrier = "stamps", username, password });
        response.EnsureSuccessStatusCode();
        return new SandboxCustomer(username, password, username);
    }

    /// <summary>Creates a UPS.com login owning one UPS account; <see cref="SandboxCustomer.Crid"/> holds its shipper number.</summary>
    public async Task<SandboxCustomer> CreateUpsCustomerAsync()
    {
        var username = "ups-" + Guid.NewGuid().ToString("N")[..10];
        const string password = "Ups-Pass-2026";
        var response = await Control.PostAsJsonAsync("/_control/customers", new { carrier = "ups", username, password });
        response.EnsureSuccessStatusCode();
        var view = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        return new SandboxCustomer(username, password, view.GetProperty("shipper_numbers")[0].GetString()!);
    }

    /// <summary>Creates a FedEx account at the sandbox; <paramref name="mfa"/> is none, pin or invoice.</summary>
    public async Task<FedExTestAccount> CreateFedExAccountAsync(string mfa = "none")
    {
        var response = await Control.PostAsJsonAsync("/_control/customers", new { carrier = "fedex", mfa });
        response.EnsureSuccessStatusCode();
        var view = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        var address = view.GetProperty("address");
        var invoice = view.GetProperty("invoice");
        return new FedExTestAccount(view.GetProperty("account_number").GetString()!, view.GetProperty("customer_name").GetString()!,
            address.GetProperty("street_lines")[0].GetString()!, address.GetProperty("city").GetString()!, address.GetProperty("state_or_province_code").GetString()!,
            address.GetProperty("postal_code").GetString()!, invoice.GetProperty("number").ToString(), invoice.GetProperty("date").GetString()!,
            invoice.GetProperty("amount").ToString(), invoice.GetProperty("currency").GetString()!);
    }

    /// <summary>The newest PIN FedEx "sent" for the account (the sandbox's inbox).</summary>
    public async Task<string> LatestFedExPinAsync(string accountNumber)
    {
        var mail = await Control.GetFromJsonAsync<System.Text.Json.JsonElement>($"/_control/mailbox/fedex/{accountNumber}");
        return System.Text.RegularExpressions.Regex.Match(mail.GetProperty("data")[0].GetProperty("body").GetString()!, @"\b\d{6}\b").Value;
    }

    /// <summary>The carrier customer revokes CarrierLink (control API revoke): every grant and key stops working.</summary>
    public async Task RevokeAtCarrierAsync(string carrier, string username) =>
        (await Control.PostAsync($"/_control/customers/{carrier}/{username}/revoke", null)).EnsureSuccessStatusCode();

    public async Task<T> WithDbAsync<T>(Func<CarrierLinkDb, Task<T>> read)
    {
        await using var scope = Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<CarrierLinkDb>());
    }

    public async Task<CarrierCredential?> CredentialAsync(Guid accountId) =>
        await WithDbAsync(db => db.CarrierCredentials.AsNoTracking().FirstOrDefaultAsync(c => c.AccountId == accountId));

    public string Decrypt(string cipher) => Services.GetRequiredService<SecretProtector>().Unprotect(cipher);

    public async ValueTask DisposeAsync()
    {
        Control.Dispose();
        await _web.StopAsync();
        await _web.DisposeAsync();
        await _sandbox.StopAsync();
        await _sandbox.DisposeAsync();
        _pump.Dispose();
        foreach (var port in _ports) port.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await Database.DisposeAsync();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>A further CarrierLink node of a <see cref="TestStack"/>.</summary>
public sealed class CarrierLinkNode(WebApplication web, Uri url) : IAsyncDisposable
{
    public Uri WebUrl { get; } = url;
    public IServiceProvider Services => web.Services;

    /// <summary>The merchant's API, through this node.</summary>
    public HttpClient Api(TestMerchant merchant)
    {
        var client = new HttpClient { BaseAddress = WebUrl };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", merchant.ApiKey);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await web.StopAsync();
        await web.DisposeAsync();
    }
}

public sealed record SandboxCustomer(string Username, string Password, string Crid);

/// <summary>A FedEx account at the sandbox: what the merchant types to register it, and an invoice that proves it.</summary>
public sealed record FedExTestAccount(string AccountNumber, string CustomerName, string Street, string City, string State, string PostalCode,
    string InvoiceNumber, string InvoiceDate, string InvoiceAmount, string InvoiceCurrency)
{
    public object Registration => new { account_number = AccountNumber, customer_name = CustomerName, street = Street, city = City, state = State, postal_code = PostalCode };
}

public sealed record TestMerchant(TestStack Stack, Guid Id, string Email, string Password, string ApiKey)
{
    public HttpClient Api()
    {
        var client = new HttpClient { BaseAddress = Stack.WebUrl };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ApiKey);
        return client;
    }

    /// <summary>A browser already signed in to CarrierLink as this merchant.</summary>
    public async Task<Browser> SignedInBrowserAsync()
    {
        var browser = new Browser(Stack.WebUrl);
        var login = await browser.GetAsync("/login");
        var home = await browser.SubmitAsync(login, "form", new() { ["email"] = Email, ["password"] = Password });
        if (!home.Url.AbsolutePath.Equals("/", StringComparison.Ordinal))
            throw new InvalidOperationException($"Sign-in did not reach the home page: {home.Url} {home.Text[..Math.Min(300, home.Text.Length)]}");
        return browser;
    }
}
