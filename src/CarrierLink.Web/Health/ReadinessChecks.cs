using System.Security.Cryptography;
using CarrierLink.Web.Data;
using CarrierLink.Web.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CarrierLink.Web.Health;

// What /health/ready asks. Descriptions name what failed in plain words and the exception's type, never its message
// (a connection error may name hosts and users); no exception is handed to the health service either, so an outage
// probed every few seconds does not log a stack each time (the requests that fail log it once, as a warning).

/// <summary>The database answers a query.</summary>
public sealed class DatabaseReachableCheck(CarrierLinkDb db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        // Note: opening a missing SQLite file would create an empty database in its place; a probe must not.
        if (MissingSqliteFile()) return HealthCheckResult.Unhealthy("SQLite is unreachable: its database file is missing.");
        try
        {
            await db.Database.SqlQueryRaw<int>("SELECT 1 AS \"Value\"").ToListAsync(cancellationToken);
            return HealthCheckResult.Healthy($"{Store()} answers.");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"{Store()} is unreachable ({e.GetType().Name}).");
        }
    }

    private string Store() => db.Database.IsNpgsql() ? "PostgreSQL" : "SQLite";

    private bool MissingSqliteFile()
    {
        if (!db.Database.IsSqlite()) return false;
        var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(db.Database.GetConnectionString());
        return file.Mode != Microsoft.Data.Sqlite.SqliteOpenMode.Memory && file.DataSource is { Length: > 0 } path && path != ":memory:" && !File.Exists(path);
    }
}

/// <summary>Every migration this build knows is applied (a node started before `migrate` ran is not ready).</summary>
public sealed class MigrationsAppliedCheck(CarrierLinkDb db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            return pending.Count == 0
                ? HealthCheckResult.Healthy($"All {db.Database.GetMigrations().Count()} migrations are applied.")
                : HealthCheckResult.Unhealthy($"{pending.Count} migration(s) not applied, up to {pending[^1]}: run `CarrierLink.Web migrate` or set Database:MigrateOnStart.");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"The migration history cannot be read ({e.GetType().Name}).");
        }
    }
}

/// <summary>
/// The Data Protection key ring can be read from its store (folder or database) and protects and unprotects: without it
/// no stored carrier credential can be decrypted. The round trip comes first, so a fresh install makes its first key.
/// </summary>
public sealed class KeyRingReadableCheck(IDataProtectionProvider provider, IKeyManager keys, TimeProvider time) : IHealthCheck
{
    private const string Probe = "carrierlink-readiness";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var protector = provider.CreateProtector("CarrierLink.Health.Readiness");
            if (protector.Unprotect(protector.Protect(Probe)) != Probe) return Task.FromResult(HealthCheckResult.Unhealthy("The key ring does not round-trip."));
            // Note: read from the store itself, not the ring Data Protection caches for up to a day.
            var now = time.GetUtcNow();
            var usable = keys.GetAllKeys().Count(k => !k.IsRevoked && k.ActivationDate <= now && k.ExpirationDate > now);
            return Task.FromResult(usable > 0
                ? HealthCheckResult.Healthy($"{usable} usable key(s) in the store.")
                : HealthCheckResult.Unhealthy("The key store holds no usable key: stored secrets cannot be decrypted."));
        }
        catch (CryptographicException e) when (KeyRingDiagnosis.UndecryptableKeys(keys) is { } why)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"The key ring cannot be read ({e.GetType().Name}). {why}"));
        }
        catch (Exception e)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"The key ring cannot be read ({e.GetType().Name})."));
        }
    }
}
