using System.Globalization;
using System.Text.Json;
using CarrierLink.Carriers.OAuth;

namespace CarrierLink.Carriers.Ups;

/// <summary>UPS's token responses, where every value is a string ("expires_in":"14399").</summary>
internal static class UpsTokenResponse
{
    /// <summary>
    /// The tokens, or null when the body is not a usable token response. Identity is null: UPS's token names neither
    /// the login nor its accounts (UPS-API/api-documentation#224), so the merchant enters the shipper number.
    /// </summary>
    public static TokenSet? TryRead(string body, DateTimeOffset now)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return null;
            var accessToken = Text(root, "access_token");
            var expiresIn = Seconds(root, "expires_in");
            if (string.IsNullOrEmpty(accessToken) || expiresIn is null) return null;
            var refreshToken = Text(root, "refresh_token");
            var refreshExpiresIn = Seconds(root, "refresh_token_expires_in");
            return new TokenSet(accessToken, now.AddSeconds(expiresIn.Value), string.IsNullOrEmpty(refreshToken) ? null : refreshToken,
                refreshExpiresIn is null ? null : now.AddSeconds(refreshExpiresIn.Value), Identity: null);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>A number of seconds, as UPS's string or (tolerated) a JSON number.</summary>
    private static long? Seconds(JsonElement root, string name) =>
        !root.TryGetProperty(name, out var value) ? null
        : value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number
        : value.ValueKind == JsonValueKind.String && long.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var text) ? text
        : null;
}
