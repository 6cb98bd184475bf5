using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CarrierLink.Tests.Support;
using CarrierLink.Web;
using Microsoft.Extensions.Options;
using Shouldly;

namespace CarrierLink.Tests.Operations;

/// <summary>
/// Issue 16, part 6: a wrong setting stops the start with its full key, what is wrong and an example, all of them at once,
/// instead of failing at the first request that reads it; the README's first command still starts.
/// </summary>
public sealed class StartupSettingsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("carrierlink-settings-").FullName;

    [Fact]
    public async Task Wrong_settings_stop_the_start_and_each_is_named_with_what_is_wrong()
    {
        var failures = await StartFailuresAsync(
        [
            .. TestingArgs(),
            "--Health:PollMilliseconds=5",
            "--Health:Incidents:WindowSeconds=1",
            "--Database:Provider=postgresql",
            "--CarrierLink:PublicBaseUrl=https://example.com/carrierlink",
            "--Mail:Smtp:Security=Tls",
            "--Mail:From=nobody",
            "--Carriers:Stamps:IntegrationId=not-a-guid",
            "--Carriers:FedEx:BaseUrl=apis.fedex.com",
            "--Carriers:FedEx:ClientId=platform-key",
            "--Carriers:FedEx:ClientSecret=fedex-secret-never-printed",
        ]);

        failures.ShouldContain("Health:PollMilliseconds must be between 100 and 600000 (it is 5); the default is 1000.");
        failures.ShouldContain("Health:Incidents:WindowSeconds must be between 10 and 86400 (it is 1); the default is 300.");
        failures.ShouldContain("Database:Provider must be 'sqlite' (one node) or 'postgres' (several nodes) (it is 'postgresql').");
        failures.ShouldContain("CarrierLink:PublicBaseUrl 'https://example.com/carrierlink' must end with '/', e.g. https://example.com/carrierlink/.");
        failures.ShouldContain(f => f.StartsWith("Mail:Smtp:Security must be Auto, None, SslOnConnect, StartTls or StartTlsWhenAvailable (it is 'Tls')", StringComparison.Ordinal));
        failures.ShouldContain("Mail:From must be one address, e.g. \"CarrierLink <no-reply@example.com>\".");
        failures.ShouldContain(f => f.StartsWith("Carriers:Stamps:AuthBaseUrl is required once any of", StringComparison.Ordinal));
        failures.ShouldContain(f => f.StartsWith("Carriers:Stamps:IntegrationId must be the GUID Stamps.com issued CarrierLink, e.g. ", StringComparison.Ordinal));
        failures.ShouldContain(f => f.StartsWith("Carriers:FedEx:BaseUrl must be an absolute http(s) URL such as https://apis.fedex.com", StringComparison.Ordinal));
        // appsettings.json ships USPS's addresses but not CarrierLink's credentials there.
        failures.ShouldContain("Carriers:Usps:ClientId is required: the Consumer Key of CarrierLink's app on the USPS developer portal.");
        failures.ShouldAllBe(f => !f.Contains("fedex-secret-never-printed"));
    }

    [Fact]
    public async Task Postgres_without_a_connection_string_is_refused_at_start_with_an_example()
    {
        var failures = await StartFailuresAsync([.. TestingArgs(usps: true), "--Database:Provider=postgres", "--ConnectionStrings:CarrierLink="]);

        failures.ShouldHaveSingleItem().ShouldStartWith("ConnectionStrings:CarrierLink is required when Database:Provider is postgres, e.g. Host=");
    }

    [Fact]
    public async Task The_demo_merchant_is_refused_outside_development()
    {
        var failures = await StartFailuresAsync([.. TestingArgs(usps: true), "--DemoSeed:Enabled=true"]);

        failures.ShouldHaveSingleItem().ShouldBe("DemoSeed:Enabled must be false outside Development: the demo merchant's password and API key are public.");
    }

    [Fact]
    public async Task The_readme_first_command_settings_start_with_the_demo_merchant_and_every_carrier_offered()
    {
        // appsettings.json and appsettings.Development.json as shipped, with only the fixed ports 5080/5090 moved to held ones.
        // The embedded sandbox binds its own socket and cannot be handed a held one, so it listens on a port the system
        // picks; the carriers' settings name a held port nothing answers on, which this test never calls (which carriers
        // are offered is a matter of settings).
        using var webPort = HeldPort.Bind();
        using var sandboxPort = HeldPort.Bind();
        foreach (var file in new[] { "appsettings.json", "appsettings.Development.json" })
        {
            var text = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, file));
            text.ShouldContain("127.0.0.1:50");
            await File.WriteAllTextAsync(Path.Combine(_folder, file),
                text.Replace("127.0.0.1:5080", $"127.0.0.1:{webPort.Port}", StringComparison.Ordinal)
                    .Replace("127.0.0.1:5090", $"127.0.0.1:{sandboxPort.Port}", StringComparison.Ordinal));
        }
        await using var app = CarrierLinkApp.Create(
        [
            "--contentRoot", _folder, "--environment", "Development", "--Logging:LogLevel:Default=Warning",
            // The shipped SQLite path is relative to the working directory, which tests share.
            "--ConnectionStrings:CarrierLink", $"Data Source={Path.Combine(_folder, "carrierlink.db")}",
            "--Sandbox:Embedded:Url=http://127.0.0.1:0",
        ], webPort.HandTo);

        await app.StartAsync();
        try
        {
            using var api = new HttpClient { BaseAddress = webPort.Url };
            (await api.GetAsync("/login")).StatusCode.ShouldBe(HttpStatusCode.OK);
            api.DefaultRequestHeaders.Authorization = new("Bearer", "cl_demo_local_development_key_0001");
            var carriers = await api.GetFromJsonAsync<JsonElement>("/api/v1/carriers");
            carriers.EnumerateArray().Where(c => c.GetProperty("available").GetBoolean()).Select(c => c.GetProperty("code").GetString())
                .ShouldBe(["usps", "stamps", "ups_one_balance", "ups", "fedex"], ignoreOrder: true);
        }
        finally
        {
            await app.StopAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
    }

    /// <summary>
    /// A Testing node on its own SQLite file, key ring and mail folder, with the shipped appsettings.json. Its workers are on,
    /// as in production: their constructors read settings, and must not get to report only the first wrong one.
    /// </summary>
    private string[] TestingArgs(bool usps = false)
    {
        File.Copy(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), Path.Combine(_folder, "appsettings.json"), overwrite: true);
        string[] args =
        [
            "--contentRoot", _folder, "--environment", "Testing", "--urls", "http://127.0.0.1:0",
            "--Logging:LogLevel:Default=None",
            "--ConnectionStrings:CarrierLink", $"Data Source={Path.Combine(_folder, "carrierlink.db")}",
        ];
        return usps ? [.. args, "--Carriers:Usps:ClientId=id", "--Carriers:Usps:ClientSecret=secret"] : args;
    }

    /// <summary>Builds and starts the app as Program does; the settings are checked as it is built, before any worker exists.</summary>
    private static async Task<IReadOnlyList<string>> StartFailuresAsync(string[] args)
    {
        var thrown = await Should.ThrowAsync<Exception>(async () =>
        {
            await using var app = CarrierLinkApp.Create(args);
            await app.StartAsync();
        });
        // One wrong section throws its OptionsValidationException; several throw them together in an AggregateException.
        var validations = thrown is AggregateException all ? all.InnerExceptions : [thrown];
        return validations.Select(e => e.ShouldBeOfType<OptionsValidationException>()).SelectMany(e => e.Failures).ToList();
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
