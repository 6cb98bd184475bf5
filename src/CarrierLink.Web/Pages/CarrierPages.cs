using CarrierLink.Carriers.Catalog;
using CarrierLink.Web.Data;

namespace CarrierLink.Web.Pages;

/// <summary>
/// Where each carrier's accounts live in the pages, chosen from its catalogue entry so no page branches on a carrier
/// code: One Balance accounts (password and support-only methods) share "One Balance and Carriers", as the second
/// article shows; every other carrier has its own settings page, add form and reconnect page.
/// </summary>
public static class CarrierPages
{
    public static bool OnOneBalancePage(CarrierDescriptor carrier) => carrier.ConnectMethod is ConnectMethod.Password or ConnectMethod.SupportOnly;

    /// <summary>The carrier's list of accounts.</summary>
    public static string Home(CarrierDescriptor carrier) => OnOneBalancePage(carrier) ? "/settings/one-balance" : $"/settings/carriers/{carrier.Code}";

    /// <summary>Where its list of accounts is named in breadcrumbs.</summary>
    public static string HomeName(CarrierDescriptor carrier) => OnOneBalancePage(carrier) ? "One Balance and Carriers" : $"{carrier.ShortName} Settings";

    public static string Add(CarrierDescriptor carrier) => OnOneBalancePage(carrier) ? "/settings/one-balance/add" : $"/settings/carriers/{carrier.Code}/add";

    public static string Account(CarrierAccount account) => $"/settings/carriers/{account.Carrier}/accounts/{account.Id}";

    /// <summary>The page that fixes a broken connection by the carrier's method (the prompt's Reconnect leads here).</summary>
    public static string Reconnect(CarrierAccount account) => CarrierCatalog.Get(account.Carrier).ConnectMethod switch
    {
        ConnectMethod.Password => $"/settings/one-balance/{account.Id}/reconnect",
        ConnectMethod.SupportOnly => $"/settings/one-balance/{account.Id}/support",
        _ => $"{Account(account)}/reconnect",
    };

    /// <summary>The carrier's proof step of a registration (FedEx: choose a PIN or an invoice, then give it).</summary>
    public static string Verify(CarrierAccount account) => $"{Account(account)}/verify";

    /// <summary>What removing an account does at the carrier, by how CarrierLink holds its access.</summary>
    public static string RemovalSentence(CarrierDescriptor carrier) => carrier.ConnectMethod switch
    {
        ConnectMethod.OAuth when carrier.CanRevokeGrants =>
            $"CarrierLink signs out of {carrier.ShortName} (the authorization you gave is revoked) and deletes what it stored to stay signed in.",
        ConnectMethod.OAuth =>
            $"CarrierLink deletes what it stored to stay signed in to {carrier.ShortName}. {carrier.ShortName} offers no way to revoke the authorization from here: remove CarrierLink in your {carrier.ShortName} account if you want it gone there too.",
        ConnectMethod.Registration => $"CarrierLink deletes the {carrier.ShortName} key it was issued for this account. Your {carrier.ShortName} account stays as it is.",
        _ => "CarrierLink deletes the password it stored for this account. Your password at Stamps.com stays as it is.",
    };

    /// <summary>Reconnecting starts by leaving for the carrier's sign-in (a POST that writes the sign-in state); other methods show a form first.</summary>
    public static bool ReconnectLeavesForCarrier(CarrierDescriptor carrier) => carrier.ConnectMethod == ConnectMethod.OAuth;
}
