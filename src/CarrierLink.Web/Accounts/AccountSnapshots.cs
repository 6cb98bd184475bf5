using System.Collections.Concurrent;
using CarrierLink.Web.Data;
using CarrierLink.Web.Merchants;
using Microsoft.Extensions.Options;

namespace CarrierLink.Web.Accounts;

/// <summary>
/// Connected accounts a node read recently, for the shipping API: a busy integration's every rate or label used to
/// start with a read of its account, the largest single cost on the hot path in issue 12's profile (a third of
/// CarrierLink's CPU on SQLite). A request gets a copy of its own, never the cached object.
/// Only connected accounts are kept: any other state is read afresh every time, so a reconnect is seen at once.
/// Any write to carrier_accounts on this node (<see cref="AccountWriteWatcher"/>) empties the cache, so this node's own
/// changes (a break, a removal, a spell of trouble) count from the next request; a change on another node, or by the
/// CLI, is seen within Api:AccountCacheSeconds, and an operation on a broken grant meanwhile still gets the carrier's
/// refusal and its verdict.
/// </summary>
public sealed class AccountSnapshots(IOptions<ApiKeyOptions> options, TimeProvider time)
{
    private sealed record Snapshot(CarrierAccount Account, DateTimeOffset ReadAt);

    private readonly ConcurrentDictionary<Guid, Snapshot> _accounts = new();
    private long _generation;

    public int Count => _accounts.Count;

    /// <summary>The merchant's account by id: from the cache when it is fresh, otherwise from the database (and kept if connected).</summary>
    public async Task<CarrierAccount?> FindAsync(CarrierLinkDb db, Guid merchantId, Guid accountId, CancellationToken cancellationToken)
    {
        var ttl = TimeSpan.FromSeconds(options.Value.AccountCacheSeconds);
        if (_accounts.TryGetValue(accountId, out var cached) && cached.Account.MerchantId == merchantId && time.GetUtcNow() - cached.ReadAt < ttl)
            return cached.Account.Copy();

        // Taken before the read: a write that lands while we read makes what we read stale, and it is not kept.
        var generation = Volatile.Read(ref _generation);
        var account = await db.FindAccountAsync(merchantId, accountId, cancellationToken);
        if (account is { State: ConnectionState.Connected } && ttl > TimeSpan.Zero) Keep(account, generation);
        return account;
    }

    /// <summary>Something on this node wrote to carrier_accounts: everything kept may be stale.</summary>
    public void AccountsChanged()
    {
        Interlocked.Increment(ref _generation);
        _accounts.Clear();
    }

    private void Keep(CarrierAccount account, long generationBeforeRead)
    {
        // Bounded without bookkeeping: a node holding more accounts than it may keep drops them all and reads them again.
        if (_accounts.Count >= options.Value.MaxCachedAccounts) _accounts.Clear();
        _accounts[account.Id] = new Snapshot(account.Copy(), time.GetUtcNow());
        // Kept first and checked after, so a write between the read and here can never leave a stale copy behind.
        if (Volatile.Read(ref _generation) != generationBeforeRead) _accounts.TryRemove(account.Id, out _);
    }
}
