using System.Net;
using CarrierLink.Bench.Clients;
using CarrierLink.Bench.Stack;

namespace CarrierLink.Bench.Scenarios;

public sealed record ConnectedAccount(SandboxCustomer Customer, Guid Id);

/// <summary>Fresh, working USPS accounts for a run.</summary>
public static class UspsAccounts
{
    /// <summary>
    /// A new sandbox customer connected through the real sign-in, then one rate request on every
    /// node, so each node holds the access token in its cache as busy nodes do. A fresh account per
    /// run keeps runs independent: nothing one run left behind (state, failure rows) colours the next.
    /// </summary>
    public static async Task<ConnectedAccount> ConnectWarmAsync(BenchStack stack, Merchant merchant, CancellationToken cancellationToken)
    {
        var customer = await stack.Control.CreateUspsCustomerAsync(cancellationToken);
        var id = await merchant.ConnectUspsAsync(customer, "Warehouse " + customer.Username[^4..], cancellationToken);
        foreach (var (api, node) in merchant.Apis.Select((api, node) => (api, node)))
        {
            using var response = await api.SendAsync(ShippingRequests.Rates(id), cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
                throw new InvalidOperationException($"Warming node {node} up answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
        return new ConnectedAccount(customer, id);
    }
}
