using System.Text;
using System.Text.Json;
using CarrierLink.Carriers.OAuth;
using Microsoft.AspNetCore.WebUtilities;

namespace CarrierLink.Carriers.Usps;

/// <summary>Reads USPS token responses, which mix integers and numeric strings across environments.</summary>
internal static class UspsTokenResponse
{
    public static TokenSet? TryRead(string body, DateTimeOffset now)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return null;
            var accessToken = ReadString(root, "access_token");
            var expiresIn = ReadSeconds(root, "expires_in");
            if (string.IsNullOrEmpty(accessToken) || expiresIn is null) return null;

            var refreshToken = ReadString(root, "refresh_token");
            var refreshExpiresIn = ReadSeconds(root, "refresh_token_expires_in");
            return new TokenSet(
                accessToken,
                now.AddSeconds(expiresIn.Value),
                string.IsNullOrEmpty(refreshToken) ? null : refreshToken,
                refreshExpiresIn is null ? null : now.AddSeconds(refreshExpiresIn.Value),
                IdentityFromAccessToken(accessToken));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// USPS access tokens are JWTs naming the business account (CRID, MID). We only read them to
    /// learn which account signed in; USPS's own APIs are the ones that validate them.
    /// </summary>
    internal static CarrierAccountIdentity? IdentityFromAccessToken(string accessToken)
    {
        var parts = accessToken.Split('.');
        if (parts.Length != 3) return null;
        try
        {
            using var payload = JsonDocument.Parse(Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(parts[1])));
            var root = payload.RootElement;
            var crid = ReadString(root, "crid");
            if (string.IsNullOrEmpty(crid)) return null;
            var details = new Dictionary<string, string>();
            foreach (var name in new[] { UspsIdentity.ManifestMid, UspsIdentity.PaymentAccountNumber, UspsIdentity.PaymentAccountType })
                if (ReadString(root, name) is { Length: > 0 } value) details[name] = value;
            return new CarrierAccountIdentity(crid, ReadString(root, "mid"), details);
        }
        catch (Exception e) when (e is FormatException or JsonException or ArgumentException)
        {
            return null;
        }
    }

    public static (string? Error, string? Description) ReadError(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? (ReadString(document.RootElement, "error"), ReadString(document.RootElement, "error_description"))
                : (null, null);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    private static string? ReadString(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long? ReadSeconds(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value)) return null;
        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt64(out var n) => n,
            JsonValueKind.String when long.TryParse(value.GetString(), out var s) => s,
            _ => null,
        };
    }
}
