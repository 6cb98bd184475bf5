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
            var claims = UspsAccessTokenClaims.Read(accessToken);
            return new TokenSet(
                accessToken,
                now.AddSeconds(expiresIn.Value),
                string.IsNullOrEmpty(refreshToken) ? null : refreshToken,
                refreshExpiresIn is null ? null : now.AddSeconds(refreshExpiresIn.Value),
                claims.Identity)
            {
                Subject = claims.Subject,
            };
        }
        catch (JsonException)
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

    internal static string? ReadString(JsonElement root, string name) =>
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
