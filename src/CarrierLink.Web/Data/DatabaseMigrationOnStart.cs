using CarrierLink.Web.Merchants;
using Microsoft.Extensions.Options;

namespace CarrierLink.Web.Data;

/// <summary>In Development the schema follows the code without a manual step; production runs `migrate`.</summary>
internal sealed class DatabaseMigrationOnStart(IServiceProvider services, IOptions<DatabaseOptions> database, IOptions<DemoSeedOptions> demo) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (database.Value.MigrateOnStart) await DatabaseSetup.MigrateAsync(services, cancellationToken);
        if (demo.Value.Enabled) await DemoSeed.EnsureAsync(services, demo.Value, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
