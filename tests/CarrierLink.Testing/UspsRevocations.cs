namespace CarrierLink.Tests.Support;

/// <summary>USPS ending a connection behind CarrierLink's back, through the sandbox's control API.</summary>
public static class UspsRevocations
{
    /// <summary>
    /// USPS revokes the grant, and the access token CarrierLink holds has since run out: the next operation must refresh,
    /// and USPS refuses the refresh. Note: a revoke alone leaves the access token working until its exp, as USPS publishes.
    /// </summary>
    public static async Task RevokeGrantAndExpireAccessTokenAsync(this TestStack stack, SandboxCustomer customer)
    {
        (await stack.Control.PostAsync($"/_control/customers/usps/{customer.Username}/revoke", null)).EnsureSuccessStatusCode();
        (await stack.Control.PostAsync($"/_control/customers/usps/{customer.Username}/expire-tokens", null)).EnsureSuccessStatusCode();
    }

    /// <summary>The demo switch (not USPS): the grant's access tokens are refused at once too, so the very next call finds the break.</summary>
    public static async Task RevokeGrantInstantlyAsync(this TestStack stack, SandboxCustomer customer) =>
        (await stack.Control.PostAsync($"/_control/customers/usps/{customer.Username}/revoke?instant=true", null)).EnsureSuccessStatusCode();
}
