using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace CarrierLink.Web.Merchants;

public sealed class ApiKeyOptions
{
    public const string Section = "Api";

    /// <summary>
    /// How long a node trusts an API key it looked up without asking the database again: a key revoked in the
    /// database (on any node) stops working within this many seconds. 0 looks every request up.
    /// </summary>
    [Range(0, 60)] public int KeyCacheSeconds { get; set; } = 5;

    /// <summary>Keys a node keeps at most; past it the cache starts afresh (a key is a few hundred bytes).</summary>
    [Range(1, 1_000_000)] public int MaxCachedKeys { get; set; } = 10_000;

    /// <summary>
    /// How long a node answers a shipping operation from the connected account it read last, without reading it again
    /// (<see cref="Accounts.AccountSnapshots"/>). A change this node makes is seen at once; a change made on another node
    /// or by the CLI (an account removed, suspended, broken) within this many seconds. 0 reads the account every request.
    /// </summary>
    [Range(0, 60)] public int AccountCacheSeconds { get; set; } = 2;

    /// <summary>Accounts a node keeps at most; past it the cache starts afresh (an account is about 1 KB).</summary>
    [Range(1, 1_000_000)] public int MaxCachedAccounts { get; set; } = 10_000;
}

/// <summary>
/// Valid API keys a node looked up recently, by the key's SHA-256, so a busy integration costs one lookup per key
/// every few seconds instead of one per request (issue 12: the lookup was a database round trip on every call).
/// Unknown keys are never cached: a wrong key costs a lookup each time, as before.
/// </summary>
public sealed class ApiKeyCache(IOptions<ApiKeyOptions> options, TimeProvider time)
{
    public sealed record Entry(Guid MerchantId, Guid KeyId, DateTimeOffset CheckedAt);

    private readonly ConcurrentDictionary<string, Entry> _keys = new(StringComparer.Ordinal);

    public int Count => _keys.Count;

    public Entry? Find(string hash) =>
        _keys.TryGetValue(hash, out var entry) && time.GetUtcNow() - entry.CheckedAt < TimeSpan.FromSeconds(options.Value.KeyCacheSeconds)
            ? entry
            : null;

    /// <summary>A key revoked on this node stops here at once (other nodes see it within KeyCacheSeconds).</summary>
    public void Forget(string hash) => _keys.TryRemove(hash, out _);

    public void Remember(string hash, Guid merchantId, Guid keyId)
    {
        if (options.Value.KeyCacheSeconds == 0) return;
        // Bounded without bookkeeping: a node holding more keys than it may keep drops them all and looks them up again.
        if (_keys.Count >= options.Value.MaxCachedKeys) _keys.Clear();
        _keys[hash] = new Entry(merchantId, keyId, time.GetUtcNow());
    }
}
