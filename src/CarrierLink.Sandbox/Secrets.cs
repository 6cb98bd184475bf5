using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace CarrierLink.Sandbox;

/// <summary>Opaque secrets (codes, refresh tokens, ids) and how the stores keep them: by hash, so a dump of memory shows no usable token.</summary>
public static class Secrets
{
    /// <summary>32 random bytes, base64url: what USPS-style opaque tokens look like.</summary>
    public static string NewToken() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>A shorter random id for things that are not credentials (grant ids, fault ids).</summary>
    public static string NewId() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(12));

    public static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public static bool SameText(string? expected, string? presented) =>
        expected is not null && presented is not null &&
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(presented));

    /// <summary>Enough of a token to recognise it in an error body, never enough to use it.</summary>
    public static string Preview(string? token) => string.IsNullOrEmpty(token) ? "" : token[..Math.Min(4, token.Length)] + "…";
}
