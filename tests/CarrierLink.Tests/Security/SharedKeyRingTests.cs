using CarrierLink.Tests.Support;
using CarrierLink.Web;
using CarrierLink.Web.Data;
using CarrierLink.Web.Security;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace CarrierLink.Tests.Security;

/// <summary>Several CarrierLink nodes on one PostgreSQL, keeping the Data Protection key ring in the database.</summary>
public sealed class SharedKeyRingTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("carrierlink-keyring-").FullName;
    private TestDatabase? _database;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync(StoreProvider.Postgres, _folder);

    /// <param name="migrateOnStart">false as production runs it (`migrate` once, then the nodes); true as Development does.</param>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Three_nodes_starting_together_on_an_empty_database_make_one_key_and_read_each_others_secrets(bool migrateOnStart)
    {
        var nodes = Enumerable.Range(0, 3).Select(_ => CreateNode(_database!, migrateOnStart)).ToList();
        try
        {
            if (!migrateOnStart) await DatabaseSetup.MigrateAsync(nodes[0].Services);
            await Task.WhenAll(nodes.Select(node => Task.Run(() => node.StartAsync())));
            var protectors = nodes.Select(node => node.Services.GetRequiredService<SecretProtector>()).ToList();

            // Each node's first secret at the same moment, as requests arriving on three fresh nodes would.
            var ciphers = await Task.WhenAll(protectors.Select((protector, i) => Task.Run(() => protector.Protect($"refresh-token-{i}"))));

            for (var writer = 0; writer < nodes.Count; writer++)
                for (var reader = 0; reader < nodes.Count; reader++)
                    protectors[reader].Unprotect(ciphers[writer]).ShouldBe($"refresh-token-{writer}");
            await using var scope = nodes[0].Services.CreateAsyncScope();
            var keys = await scope.ServiceProvider.GetRequiredService<CarrierLinkDb>().DataProtectionKeys.CountAsync();
            keys.ShouldBe(1, "nodes that start together must share one key, not make one each");
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.StopAsync();
                await node.DisposeAsync();
            }
        }
    }

    private static WebApplication CreateNode(TestDatabase database, bool migrateOnStart) => CarrierLinkApp.Create(
    [
        // Nothing calls these nodes over HTTP, so each takes whatever port the system gives it.
        "--urls", "http://127.0.0.1:0",
        "--environment", "Testing",
        "--Logging:LogLevel:Default=Warning",
        "--ConnectionStrings:CarrierLink", database.ConnectionString,
        "--Database:Provider", database.ProviderName,
        $"--Database:MigrateOnStart={migrateOnStart}",
        "--DataProtection:KeyStore=database",
        "--Carriers:Usps:ClientId", TestStack.ClientId,
        "--Carriers:Usps:ClientSecret", TestStack.ClientSecret,
        "--Sandbox:Embedded:Enabled=false",
        "--Retention:Enabled=false",
    ]);

    public async Task DisposeAsync()
    {
        if (_database is not null) await _database.DisposeAsync();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
