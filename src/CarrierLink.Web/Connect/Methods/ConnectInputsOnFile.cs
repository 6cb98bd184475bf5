using CarrierLink.Web.Accounts;
using CarrierLink.Web.Data;

namespace CarrierLink.Web.Connect.Methods;

/// <summary>A reconnect form starts from what is on file: the account number that names the account and its non-secret details.</summary>
public static class ConnectInputsOnFile
{
    public static Dictionary<string, string?> For(CarrierAccount account, IReadOnlyList<ConnectField> fields)
    {
        var identity = AccountIdentity.Of(account);
        return fields.ToDictionary(f => f.Key, f => f.FixedOnReconnect ? account.CarrierAccountId : identity?.Detail(f.Key));
    }
}
