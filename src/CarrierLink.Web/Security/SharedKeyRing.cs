using System.Security.Cryptography;
using CarrierLink.Web.Data;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.KeyManagement.Internal;
using Microsoft.Extensions.Options;

namespace CarrierLink.Web.Security;

/// <summary>
/// Data Protection makes a key whenever its ring has no usable one, on each node that looks: nodes
/// starting together on an empty key table each wrote their own (measured: three nodes, three keys).
/// With the ring in the database, every key is made here instead, under a lock all nodes share and
/// after reading the ring again; a node that finds the key another node has just made uses that one.
/// This covers every path that makes a key: start-up, the first secret, and rotation 90 days on.
/// </summary>
internal sealed class SharedKeyRingManager(IKeyManager inner, NodeLocks locks, ILogger<SharedKeyRingManager> logger) : IKeyManager
{
    public const string LockName = "carrierlink-data-protection-keys";
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(30);

    // Note: Data Protection's own allowances: 5 minutes of clock skew between nodes, and a successor key
    // made 2 days before its predecessor expires (KeyManagementOptions' propagation window).
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan PropagationWindow = TimeSpan.FromDays(2);

    public IKey CreateNewKey(DateTimeOffset activationDate, DateTimeOffset expirationDate)
    {
        using var held = locks.Acquire(LockName, LockTimeout);
        var existing = inner.GetAllKeys()
            .Where(k => !k.IsRevoked && k.ActivationDate <= activationDate + ClockSkew && k.ExpirationDate >= expirationDate - PropagationWindow)
            .OrderByDescending(k => k.ExpirationDate)
            .FirstOrDefault();
        if (existing is not null)
        {
            logger.LogInformation("Data Protection asked for a key that another node has just made; using {KeyId}.", existing.KeyId);
            return existing;
        }
        var created = inner.CreateNewKey(activationDate, expirationDate);
        logger.LogInformation("Made Data Protection key {KeyId}, active from {Activation:u} to {Expiration:u}.", created.KeyId, activationDate, expirationDate);
        return created;
    }

    public IReadOnlyCollection<IKey> GetAllKeys() => inner.GetAllKeys();

    public CancellationToken GetCacheExpirationToken() => inner.GetCacheExpirationToken();

    public void RevokeKey(Guid keyId, string? reason = null) => inner.RevokeKey(keyId, reason);

    public void RevokeAllKeys(DateTimeOffset revocationDate, string? reason = null) => inner.RevokeAllKeys(revocationDate, reason);
}

/// <summary>
/// Loads the key ring once the schema is there (it runs after DatabaseMigrationOnStart), so the
/// first key exists before the node serves a request. Data Protection's own start-up load runs
/// before the migrations and fails quietly on a fresh database; any key it makes goes through
/// <see cref="SharedKeyRingManager"/> all the same.
/// </summary>
internal sealed class KeyRingOnStart(IKeyRingProvider keyRing, IKeyManager keys, IOptions<DataProtectionSettings> settings, ILogger<KeyRingOnStart> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (settings.Value.KeyStore != "database") return Task.CompletedTask;
        try
        {
            var ring = keyRing.GetCurrentKeyRing();
            // Note: the default key is decrypted when first used; using it here finds a ring this node cannot decrypt.
            _ = ring.DefaultAuthenticatedEncryptor;
            logger.LogDebug("Data Protection key ring loaded; default key {KeyId}.", ring.DefaultKeyId);
        }
        catch (Exception e) when (DatabaseFailures.IsTransient(e))
        {
            // The first secret to be protected loads it again, through the same lock.
            logger.LogWarning("Could not load the Data Protection key ring at start-up: the database is unreachable ({Reason}).", e.GetBaseException().Message);
        }
        catch (CryptographicException e) when (KeyRingDiagnosis.UndecryptableKeys(keys) is { } why)
        {
            // A node that cannot decrypt the ring would fail every stored secret: it does not start.
            throw new InvalidOperationException(why, e);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
