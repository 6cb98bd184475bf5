using System.Collections.Concurrent;
using Medallion.Threading.Postgres;
using Microsoft.Extensions.Options;

namespace CarrierLink.Web.Data;

/// <summary>
/// Work that one node at a time may do, however many nodes share the database: on PostgreSQL a
/// session advisory lock (DistributedLock.Postgres) that every node sees; SQLite serves one node,
/// so there a lock in this process is the whole story. Inside one process both go through a
/// semaphore first, so two callers here never race for the same lock.
/// </summary>
public sealed class NodeLocks(IOptions<DatabaseOptions> database, IConfiguration configuration)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _local = new(StringComparer.Ordinal);

    private bool OnPostgres => database.Value.Provider == "postgres";

    /// <summary>The lock if nobody holds it right now; null if another node (or caller) does.</summary>
    public async Task<IAsyncDisposable?> TryAcquireAsync(string name, CancellationToken cancellationToken)
    {
        var local = _local.GetOrAdd(name, _ => new SemaphoreSlim(1, 1));
        if (!await local.WaitAsync(TimeSpan.Zero, cancellationToken)) return null;
        try
        {
            if (!OnPostgres) return new Held(local, null);
            var handle = await Shared(name).TryAcquireAsync(TimeSpan.Zero, cancellationToken);
            if (handle is not null) return new Held(local, handle);
        }
        catch
        {
            local.Release();
            throw;
        }
        local.Release();
        return null;
    }

    /// <summary>Waits for the lock; throws <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public async Task<IAsyncDisposable> AcquireAsync(string name, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var local = _local.GetOrAdd(name, _ => new SemaphoreSlim(1, 1));
        if (!await local.WaitAsync(timeout, cancellationToken)) throw new TimeoutException($"Timed out waiting for the '{name}' lock in this process.");
        try
        {
            return new Held(local, OnPostgres ? await Shared(name).AcquireAsync(timeout, cancellationToken) : null);
        }
        catch
        {
            local.Release();
            throw;
        }
    }

    /// <summary>Waits for the lock; throws <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public IDisposable Acquire(string name, TimeSpan timeout)
    {
        var local = _local.GetOrAdd(name, _ => new SemaphoreSlim(1, 1));
        if (!local.Wait(timeout)) throw new TimeoutException($"Timed out waiting for the '{name}' lock in this process.");
        try
        {
            return new Held(local, OnPostgres ? Shared(name).Acquire(timeout) : null);
        }
        catch
        {
            local.Release();
            throw;
        }
    }

    // Note: no multiplexing, so each held lock has its own session and a second holder of the same
    // name (another app in this process, as in tests) is refused by PostgreSQL, not let in re-entrantly.
    private PostgresDistributedLock Shared(string name) =>
        new(new PostgresAdvisoryLockKey(name, allowHashing: true), ConnectionString, o => o.UseMultiplexing(false));

    private string ConnectionString =>
        configuration.GetConnectionString(DatabaseSetup.ConnectionStringName)
        ?? throw new InvalidOperationException("Database:Provider is postgres but ConnectionStrings:CarrierLink is empty.");

    private sealed class Held(SemaphoreSlim local, PostgresDistributedLockHandle? shared) : IDisposable, IAsyncDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 1) return;
            try { shared?.Dispose(); }
            finally { local.Release(); }
        }

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 1) return;
            try { if (shared is not null) await shared.DisposeAsync(); }
            finally { local.Release(); }
        }
    }
}
