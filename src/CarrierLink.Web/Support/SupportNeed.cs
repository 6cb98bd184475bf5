using System.Linq.Expressions;
using CarrierLink.Carriers.Catalog;
using CarrierLink.Web.Data;

namespace CarrierLink.Web.Support;

/// <summary>Why Customer Service is not the way back for an account: its carrier's are reconnected by merchants, or it needs no support.</summary>
/// <param name="Field">The account's field that decides it: "carrier" or "state".</param>
public sealed record SupportRefusal(string Field, string Message);

/// <summary>
/// The accounts Customer Service is the way back for (product.md, "Connection states"): those of a support-only
/// carrier (UPS One Balance, as the catalogue says) that are support_required, or needs_reconnect, which their
/// merchant cannot fix either. Only these take a new request, show in the agent queue and can be acted on by an agent:
/// a request on any other account would put an agent's hands on credentials nobody asked support to touch.
/// </summary>
public static class SupportNeed
{
    public static readonly IReadOnlyList<string> SupportOnlyCarriers =
        CarrierCatalog.All.Where(c => c.ConnectMethod == ConnectMethod.SupportOnly).Select(c => c.Code).ToArray();

    /// <summary>The same rule as <see cref="RefusalFor"/>, for a query (the agent queue).</summary>
    public static readonly Expression<Func<CarrierAccount, bool>> IsNeeded = a =>
        SupportOnlyCarriers.Contains(a.Carrier) && (a.State == ConnectionState.SupportRequired || a.State == ConnectionState.NeedsReconnect);

    public static bool IsSupportOnly(string carrier) => SupportOnlyCarriers.Contains(carrier);

    /// <summary>Null when Customer Service is the way back for the account; otherwise what to tell the merchant or the agent.</summary>
    public static SupportRefusal? RefusalFor(CarrierAccount account)
    {
        var carrier = CarrierCatalog.Find(account.Carrier)?.Name ?? account.Carrier;
        if (account.State == ConnectionState.Disconnected)
            return new("state", $"This {carrier} account was removed; add it again instead.");
        if (!IsSupportOnly(account.Carrier))
            return new("carrier", $"Customer Service does not reconnect {carrier} accounts: you reconnect them yourself with Reconnect.");
        return account.State switch
        {
            ConnectionState.SupportRequired or ConnectionState.NeedsReconnect => null,
            ConnectionState.Connected => new("state", $"This {carrier} account is connected: there is nothing for Customer Service to reconnect."),
            ConnectionState.Suspended =>
                new("state", $"{carrier} suspended this account itself; Customer Service cannot lift that. {account.StateReason}".TrimEnd()),
            _ => new("state", $"This {carrier} account is {account.State.ToSlug()}: Customer Service only reconnects an account that needs it."),
        };
    }
}
