using System.Net;
using System.Net.Http.Json;
using CarrierLink.Tests.Support;
using Shouldly;

namespace CarrierLink.Tests.Telemetry;

/// <summary>
/// The flows a telemetry test watches, the way a merchant's system drives them: connect USPS (OAuth consent), quote,
/// buy a label, have the access token expire (a refresh), then a revoked grant (a refused refresh, the account broken).
/// </summary>
public static class CarrierFlows
{
    public sealed record Run(TestMerchant Merchant, SandboxCustomer Customer, Guid AccountId);

    /// <param name="afterEachStep">Called after every step (the secret scan collects the tokens as they rotate).</param>
    public static async Task<Run> UspsLifeAsync(TestStack stack, Func<Run, Task>? afterEachStep = null)
    {
        var merchant = await stack.CreateMerchantAsync();
        var customer = await stack.CreateUspsCustomerAsync();
        var run = new Run(merchant, customer, await merchant.ConnectUspsAsync(customer));
        afterEachStep ??= _ => Task.CompletedTask;
        await afterEachStep(run);
        using var api = merchant.Api();
        var url = $"/api/v1/carrier-accounts/{run.AccountId}";

        (await api.PostAsJsonAsync($"{url}/rates", ShippingBodies.Rates)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var label = await api.PostAsJsonAsync($"{url}/labels", ShippingBodies.Label());
        label.StatusCode.ShouldBe(HttpStatusCode.Created, await label.Content.ReadAsStringAsync());
        await afterEachStep(run);

        // The carrier ends the access token early: the 401 is answered with one refresh and the call goes through.
        (await stack.Control.PostAsync($"/_control/customers/usps/{customer.Username}/expire-tokens", null)).EnsureSuccessStatusCode();
        (await api.PostAsJsonAsync($"{url}/rates", ShippingBodies.Rates)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await afterEachStep(run);

        // The customer revokes CarrierLink at USPS; once the access token runs out, the refresh is refused.
        await stack.RevokeAtCarrierAsync("usps", customer.Username);
        (await stack.Control.PostAsync($"/_control/customers/usps/{customer.Username}/expire-tokens", null)).EnsureSuccessStatusCode();
        (await api.PostAsJsonAsync($"{url}/rates", ShippingBodies.Rates)).StatusCode.ShouldBe(HttpStatusCode.FailedDependency);
        (await api.StateOfAsync(run.AccountId)).ShouldBe("needs_reconnect");
        await afterEachStep(run);
        return run;
    }
}
