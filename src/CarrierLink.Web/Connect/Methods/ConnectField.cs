using CarrierLink.Carriers.Catalog;

namespace CarrierLink.Web.Connect.Methods;

/// <summary>One input a connect form asks for, so the add and reconnect pages render any carrier's form from data.</summary>
/// <param name="Autocomplete">The HTML autocomplete token (e.g. postal-code), or null.</param>
/// <param name="FixedOnReconnect">Names the account itself (FedEx account number): shown but not changeable when reconnecting.</param>
public sealed record ConnectField(string Key, string Label, string Hint, bool Required = true, string? Autocomplete = null, bool FixedOnReconnect = false)
{
    public static ConnectField From(AccountDetailField detail) =>
        new(detail.Key, detail.Label, detail.Hint, detail.Required, FixedOnReconnect: detail.Part == IdentityPart.AccountNumber);
}
