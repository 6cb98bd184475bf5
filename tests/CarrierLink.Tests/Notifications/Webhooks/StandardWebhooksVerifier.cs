using System.Security.Cryptography;
using System.Text;

namespace CarrierLink.Tests.Notifications.Webhooks;

/// <summary>
/// A receiver's verification, written for these tests from the Standard Webhooks specification (spec/standard-webhooks.md,
/// "Signature scheme", "Webhook headers", "Verifying signatures"), sharing no code with CarrierLink: the secret is the
/// base64 after "whsec_"; the signed content is "{webhook-id}.{webhook-timestamp}.{body}"; webhook-signature is a
/// space-delimited list of "v1,{base64 HMAC-SHA256}", any one of which may match (compared in constant time); the
/// timestamp must be within a tolerance of now (five minutes, as the reference libraries use).
/// </summary>
public static class StandardWebhooksVerifier
{
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    /// <summary>Null when the webhook verifies; otherwise why not.</summary>
    public static string? Failure(string secret, string? id, string? timestamp, string? signatures, string body, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signatures)) return "missing a webhook-* header";
        if (!long.TryParse(timestamp, out var seconds)) return "webhook-timestamp is not an integer";
        var sentAt = DateTimeOffset.FromUnixTimeSeconds(seconds);
        if (sentAt < now - Tolerance || sentAt > now + Tolerance) return $"webhook-timestamp {sentAt:O} is not within {Tolerance} of {now:O}";

        const string prefix = "whsec_";
        var key = Convert.FromBase64String(secret.StartsWith(prefix, StringComparison.Ordinal) ? secret.Substring(prefix.Length) : secret);
        byte[] expected;
        using (var hmac = new HMACSHA256(key)) expected = hmac.ComputeHash(Encoding.UTF8.GetBytes(id + "." + timestamp + "." + body));

        foreach (var versioned in signatures.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var comma = versioned.IndexOf(',', StringComparison.Ordinal);
            if (comma < 0 || versioned[..comma] != "v1") continue;
            byte[] given;
            try { given = Convert.FromBase64String(versioned[(comma + 1)..]); }
            catch (FormatException) { continue; }
            if (CryptographicOperations.FixedTimeEquals(given, expected)) return null;
        }
        return "no v1 signature matches";
    }

    /// <summary>The v1 signatures in the header, one per secret that signed.</summary>
    public static IReadOnlyList<string> Signatures(string? header) =>
        (header ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(s => s.StartsWith("v1,", StringComparison.Ordinal)).ToList();
}
