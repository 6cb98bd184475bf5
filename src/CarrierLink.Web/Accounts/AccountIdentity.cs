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

    public static void Apply(CarrierAccount account, CarrierAccountIdentity identity)
    {
        account.CarrierAccountId = identity.AccountNumber;
        account.CarrierSubAccountId = identity.SubAccount;
        account.CarrierDetailsJson = identity.Details is { Count: > 0 } details ? JsonSerializer.Serialize(details) : null;
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
