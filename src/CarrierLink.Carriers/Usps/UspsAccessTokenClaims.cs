using System.Text;
using System.Text.Json;
using CarrierLink.Carriers.OAuth;
using Microsoft.AspNetCore.WebUtilities;

namespace CarrierLink.Carriers.Usps;

/// <summary>
/// What a USPS access token says about who signed in. USPS publishes the claim names (sub, aud, azp,
/// mail_owners, payment_accounts, contracts) but not what the account claims hold, so the account is read
/// only when they hold exactly one mail owner with a CRID, in the shape of docs/decisions/0005; anything else
/// leaves the account unknown and the merchant enters its numbers on the account's Edit page. We never
/// validate the token: USPS's APIs do.
/// </summary>
internal static class UspsAccessTokenClaims
{
    public static (string? Subject, CarrierAccountIdentity? Identity) Read(string accessToken)
    {
        var parts = accessToken.Split('.');
        if (parts.Length != 3) return (null, null);
        try
        {
            using var payload = JsonDocument.Parse(Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(parts[1])));
            var root = payload.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return (null, null);
            return (UspsTokenResponse.ReadString(root, "sub"), Account(root));
        }
        catch (Exception e) when (e is FormatException or JsonException or ArgumentException)
        {
            return (null, null);
        }
    }

    private static CarrierAccountIdentity? Account(JsonElement root)
    {
        if (Single(root, "mail_owners") is not { } owner || UspsTokenResponse.ReadString(owner, "crid") is not { Length: > 0 } crid) return null;
        var details = new Dictionary<string, string>();
        if (UspsTokenResponse.ReadString(owner, "manifest_mid") is { Length: > 0 } manifestMid) details[UspsIdentity.ManifestMid] = manifestMid;
        if (Single(root, "payment_accounts") is { } payment
            && UspsTokenResponse.ReadString(payment, "account_number") is { Length: > 0 } number)
        {
            details[UspsIdentity.PaymentAccountNumber] = number;
            details[UspsIdentity.PaymentAccountType] = UspsTokenResponse.ReadString(payment, "account_type") ?? "EPS";
        }
        return new CarrierAccountIdentity(crid, UspsTokenResponse.ReadString(owner, "mid"), details);
    }

    /// <summary>The one object in an array claim; none when the claim is absent, empty or names several (which one would we pick?).</summary>
    private static JsonElement? Single(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array && value.GetArrayLength() == 1
            && value[0].ValueKind == JsonValueKind.Object
            ? value[0]
            : null;
}
