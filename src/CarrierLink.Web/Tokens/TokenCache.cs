using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Internal;
using Microsoft.Extensions.Options;

namespace CarrierLink.Web.Tokens;

/// <summary>
/// Access tokens in memory, bounded: at most <see cref="TokenOptions.CacheSize"/> per node, and each
/// gone when it expires, so an account that stopped shipping costs nothing after a while.
/// </summary>
public sealed class TokenCache : IDisposable
{
    private readonly MemoryCache _cache;

    public TokenCache(TimeProvider time, IOptions<TokenOptions> options) =>
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = options.Value.CacheSize, Clock = new Clock(time), CompactionPercentage = 0.1 });

    public sealed record Entry(string AccessToken, DateTimeOffset ExpiresAt);

    public Entry? Find(Guid accountId) => _cache.Get<Entry>(accountId);

    public void Put(Guid accountId, Entry entry) =>
        _cache.Set(accountId, entry, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpiration = entry.ExpiresAt });

    public void Forget(Guid accountId) => _cache.Remove(accountId);

    public int Count => _cache.Count;

    public void Dispose() => _cache.Dispose();

    private sealed class Clock(TimeProvider time) : ISystemClock
    {
        public DateTimeOffset UtcNow => time.GetUtcNow();
    }
}
