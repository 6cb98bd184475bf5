using System.Security.Cryptography;
using System.Text;

namespace CarrierLink.Web.Notifications.Webhooks;

/// <summary>
/// Standard Webhooks' symmetric scheme: a secret of random bytes shown as "whsec_" + base64, and a "v1," + base64
/// HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}" under the decoded bytes. During a rotation the header
/// carries one signature per secret, space-separated, and the receiver accepts any that matches.
/// </summary>
public static class WebhookSigning
{
    public const string SecretPrefix = "whsec_";

    /// <summary>32 random bytes (the spec asks for 24 to 64), from the OS generator.</summary>
    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static string Signature(string secret, string webhookId, long timestamp, string body)
    {
        var key = Convert.FromBase64String(secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret);
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{webhookId}.{timestamp}.{body}"));
        return "v1," + Convert.ToBase64String(mac);
    }

    public static string SignatureHeader(IEnumerable<string> secrets, string webhookId, long timestamp, string body) =>
        string.Join(' ', secrets.Select(secret => Signature(secret, webhookId, timestamp, body)));

    /// <summary>The webhook-id of a delivery: the same on every attempt, unique per event and endpoint, and free of dots.</summary>
    public static string WebhookId(Guid deliveryId) => "msg_" + deliveryId.ToString("N");
}
