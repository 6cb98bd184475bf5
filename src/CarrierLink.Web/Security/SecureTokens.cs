using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace CarrierLink.Web.Security;

/// <summary>Random values for anything secret (state, API keys), and the hashes we store instead of them.</summary>
public static class SecureTokens
{
    /// <summary>256 bits from the OS generator, base64url.</summary>
    public static string New256Bit() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public static string Sha256Hex(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
