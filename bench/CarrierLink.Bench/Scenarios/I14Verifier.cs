using System.Security.Cryptography;
using System.Text;

namespace CarrierLink.Bench.Scenarios;

/// <summary>
/// A receiver's check of a webhook, written here from the Standard Webhooks specification and sharing no code with
/// CarrierLink: the key is the base64 after "whsec_"; the signed content is "{webhook-id}.{webhook-timestamp}.{body}";
/// webhook-signature lists space-separated "v1,{base64 HMAC-SHA256}" and any one may match (compared in constant time);
/// the timestamp must be within five minutes of now, against replays.
/// </summary>
public static class I14Verifier
{
    private static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    public static bool Verifies(string secret, string? id, string? timestamp, string? signatures, byte[] body, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(signatures) || !long.TryParse(timestamp, out var seconds)) return false;
        var sentAt = DateTimeOffset.FromUnixTimeSeconds(seconds);
        if (sentAt < now - Tolerance || sentAt > now + Tolerance) return false;

        const string prefix = "whsec_";
        var key = Convert.FromBase64String(secret.StartsWith(prefix, StringComparison.Ordinal) ? secret[prefix.Length..] : secret);
        var signed = Encoding.UTF8.GetBytes(id + "." + timestamp + ".").Concat(body).ToArray();
        var expected = HMACSHA256.HashData(key, signed);
        foreach (var candidate in signatures.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!candidate.StartsWith("v1,", StringComparison.Ordinal)) continue;
            var given = new byte[expected.Length];
            if (Convert.TryFromBase64String(candidate[3..], given, out var written) && written == expected.Length
                && CryptographicOperations.FixedTimeEquals(given, expected)) return true;
        }
        return false;
    }
}
