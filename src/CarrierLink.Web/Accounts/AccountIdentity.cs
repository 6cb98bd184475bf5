using System.Text.Json;
using CarrierLink.Carriers.OAuth;
using CarrierLink.Web.Data;

namespace CarrierLink.Web.Accounts;

/// <summary>Moves the carrier's ids for an account between the token response and the account row.</summary>
public static class AccountIdentity
{
    public static CarrierAccountIdentity? Of(CarrierAccount account) =>
        account.CarrierAccountId is null
            ? null
            : new CarrierAccountIdentity(
                account.CarrierAccountId,
                account.CarrierSubAccountId,
                account.CarrierDetailsJson is null ? null : JsonSerializer.Deserialize<Dictionary<string, string>>(account.CarrierDetailsJson));

    /// <summary>
    /// Puts the carrier's ids on the account. When they name the account already on file, what they do not
    /// carry (an EPS account the merchant entered because the token did not say) is kept.
    /// </summary>
    public static void Apply(CarrierAccount account, CarrierAccountIdentity identity)
    {
        var same = Of(account) is { } stored && string.Equals(stored.AccountNumber, identity.AccountNumber, StringComparison.Ordinal) ? stored : null;
        var details = new Dictionary<string, string>(same?.Details ?? new Dictionary<string, string>());
        foreach (var (name, value) in identity.Details ?? new Dictionary<string, string>()) details[name] = value;
        account.CarrierAccountId = identity.AccountNumber;
        account.CarrierSubAccountId = identity.SubAccount ?? same?.SubAccount;
        account.CarrierDetailsJson = details.Count > 0 ? JsonSerializer.Serialize(details) : null;
    }

    public static string ToJson(CarrierAccountIdentity identity) =>
        JsonSerializer.Serialize(new StoredIdentity(identity.AccountNumber, identity.SubAccount, identity.Details?.ToDictionary()));

    public static CarrierAccountIdentity FromJson(string json)
    {
        var stored = JsonSerializer.Deserialize<StoredIdentity>(json)!;
        return new CarrierAccountIdentity(stored.AccountNumber, stored.SubAccount, stored.Details);
    }

    private sealed record StoredIdentity(string AccountNumber, string? SubAccount, Dictionary<string, string>? Details);
}
