using CarrierLink.Carriers.Catalog;
using CarrierLink.Web.Accounts;
using CarrierLink.Web.Data;

namespace CarrierLink.Web.Pages;

/// <summary>The one action that fixes an account's connection, as a merchant sees it: a button or a link.</summary>
/// <param name="IsPost">Starting an OAuth sign-in is a POST (it writes a pending grant); the others are pages.</param>
public sealed record FixAction(string Label, string Href, bool IsPost, string Explanation);

/// <summary>
/// Every badge, error and row of an account that cannot ship carries the action that fixes it, chosen
/// here from the account's state and its carrier's connect method, so pages never decide it themselves.
/// </summary>
public static class AccountFixes
{
    public static FixAction? For(CarrierAccount account)
    {
        var descriptor = CarrierCatalog.Find(account.Carrier);
        var carrier = descriptor?.ShortName ?? account.Carrier;
        if (descriptor is null) return null;
        var leaves = CarrierPages.ReconnectLeavesForCarrier(descriptor);
        return account.State switch
        {
            ConnectionState.SupportRequired => new FixAction("Request help", $"/settings/one-balance/{account.Id}/support",
                false, $"Only Customer Service can reconnect a {carrier} account. Request help and we reconnect it for you."),
            ConnectionState.NeedsReconnect => new FixAction("Reconnect", CarrierPages.Reconnect(account), leaves, ReconnectExplanation(descriptor)),
            ConnectionState.Pending when descriptor.ConnectMethod is ConnectMethod.OAuth or ConnectMethod.Registration =>
                new FixAction("Finish connecting", CarrierPages.Reconnect(account), leaves, leaves
                    ? $"Sign in to {carrier} to finish connecting this account."
                    : $"Give {carrier} the proof it asked for to finish connecting this account."),
            ConnectionState.Connected when descriptor is not null && descriptor.MissingAccountDetails(AccountIdentity.Of(account)) =>
                new FixAction("Enter account details", AccountDetailsCommands.EditPath(account), false, AccountDetailsCommands.RequiredDetail(account)),
            _ => null,
        };
    }

    private static string ReconnectExplanation(CarrierDescriptor carrier) => carrier.ConnectMethod switch
    {
        ConnectMethod.Password => $"Enter your current {carrier.ShortName} password to reconnect. Nothing in CarrierLink is lost.",
        ConnectMethod.Registration => $"Register the same {carrier.ShortName} account number again to reconnect. Nothing in CarrierLink is lost.",
        _ => $"Sign in to {carrier.ShortName} again to reconnect. Nothing in CarrierLink is lost.",
    };
}
