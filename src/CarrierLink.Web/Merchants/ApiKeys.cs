using CarrierLink.Web.Data;
using CarrierLink.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace CarrierLink.Web.Merchants;

public sealed record ApiKeyResponse(Guid Id, string? Name, string Prefix, DateTime CreatedAt, DateTime? LastUsedAt, DateTime? RevokedAt, bool Active)
{
    public static ApiKeyResponse From(ApiKey key, DateTime now) =>
        new(key.Id, key.Name, key.Prefix, key.CreatedAt, key.LastUsedAt, key.RevokedAt, key.RevokedAt is null || key.RevokedAt > now);
}

/// <summary>A key just made: the only time its whole value is ever shown.</summary>
public sealed record NewApiKeyResponse(ApiKeyResponse Key, string ApiKey);

/// <summary>
/// A merchant's API keys: named, listed, revoked and rotated (issue 13, finding 9). Only a key's hash is stored. A
/// revoked key stops on this node at once and on other nodes within Api:KeyCacheSeconds; a rotation can leave the old
/// key working for a grace period so an integration can switch without a gap.
/// </summary>
public sealed class ApiKeys(CarrierLinkDb db, ApiKeyCache cache)
{
    public const int MaxNameLength = 100;
    public const int MaxGraceHours = 24 * 7;
    public const int MaxActiveKeys = 20;

    public async Task<IReadOnlyList<ApiKeyResponse>> ListAsync(Guid merchantId, CancellationToken cancellationToken)
    {
        var now = db.UtcNow;
        var keys = await db.ApiKeys.AsNoTracking().Where(k => k.MerchantId == merchantId).OrderByDescending(k => k.CreatedAt).ToListAsync(cancellationToken);
        return keys.Select(k => ApiKeyResponse.From(k, now)).ToList();
    }

    public static string? NameRefusal(string? name) =>
        string.IsNullOrWhiteSpace(name) ? "is required: what uses the key, e.g. \"Warehouse PC\""
        : name.Trim().Length > MaxNameLength ? $"must be at most {MaxNameLength} characters"
        : ControlCharacters.Has(name) ? "must not contain control characters"
        : null;

    /// <summary>Null when the merchant has as many active keys as they may.</summary>
    public async Task<NewApiKeyResponse?> CreateAsync(Guid merchantId, string name, CancellationToken cancellationToken)
    {
        var now = db.UtcNow;
        if (await db.ApiKeys.CountAsync(k => k.MerchantId == merchantId && (k.RevokedAt == null || k.RevokedAt > now), cancellationToken) >= MaxActiveKeys)
            return null;
        var value = MerchantAccounts.ApiKeyPrefix + SecureTokens.New256Bit();
        var key = new ApiKey { MerchantId = merchantId, Name = name.Trim(), Prefix = value[..10], Hash = SecureTokens.Sha256Hex(value), CreatedAt = now };
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(cancellationToken);
        return new NewApiKeyResponse(ApiKeyResponse.From(key, now), value);
    }

    /// <summary>Revokes a key now (or at <paramref name="after"/>); false when the merchant has no such active key.</summary>
    public async Task<bool> RevokeAsync(Guid merchantId, Guid keyId, TimeSpan? after, CancellationToken cancellationToken)
    {
        var now = db.UtcNow;
        var at = now + (after ?? TimeSpan.Zero);
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == keyId && k.MerchantId == merchantId && (k.RevokedAt == null || k.RevokedAt > now), cancellationToken);
        if (key is null) return false;
        if (key.RevokedAt is null || key.RevokedAt > at) key.RevokedAt = at;
        await db.SaveChangesAsync(cancellationToken);
        if (at <= now) cache.Forget(key.Hash);
        return true;
    }

    /// <summary>A new key with the old one's name; the old one stops after <paramref name="grace"/>.</summary>
    public async Task<NewApiKeyResponse?> RotateAsync(Guid merchantId, Guid keyId, TimeSpan grace, CancellationToken cancellationToken)
    {
        var now = db.UtcNow;
        var old = await db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Id == keyId && k.MerchantId == merchantId && (k.RevokedAt == null || k.RevokedAt > now), cancellationToken);
        if (old is null) return null;
        var value = MerchantAccounts.ApiKeyPrefix + SecureTokens.New256Bit();
        var key = new ApiKey { MerchantId = merchantId, Name = old.Name, Prefix = value[..10], Hash = SecureTokens.Sha256Hex(value), CreatedAt = now };
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(cancellationToken);
        await RevokeAsync(merchantId, keyId, grace, cancellationToken);
        return new NewApiKeyResponse(ApiKeyResponse.From(key, now), value);
    }
}
