using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CarrierLink.Tests.Support;
using CarrierLink.Web.Data;
using CarrierLink.Web.Health;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Shouldly;

namespace CarrierLink.Tests.Health;

/// <summary>What the health engine's suites share: the engine on the test's clock, connected accounts, the sandbox's counters and faults.</summary>
public abstract class HealthTestBase(StackFixture fixture)
{
    protected TestStack Stack => fixture.Stack;

    protected HealthEngine Engine => Stack.Services.GetRequiredService<HealthEngine>();

    protected HealthOptions Options => Stack.Services.GetRequiredService<IOptions<HealthOptions>>().Value;

    /// <summary>Runs the engine's cycle until nothing is due, as a worker would over time.</summary>
    protected Task<int> RunEngineAsync() => Engine.RunUntilIdleAsync(CancellationToken.None);

    /// <summary>
    /// Tests of one class share a stack and its clock only moves forward: accounts of earlier tests are
    /// taken out of the due-queue, so the engine's cycles (and the sandbox's counters) see only this test's.
    /// </summary>
    protected async Task SetAsideEarlierAccountsAsync() =>
        await Stack.WithDbAsync(db => db.CarrierAccounts.ExecuteUpdateAsync(a => a.SetProperty(x => x.NextDueAt, (DateTime?)null)));

    /// <summary>A merchant with a connected USPS account the engine has planned.</summary>
    protected async Task<(HttpClient Api, Guid AccountId, SandboxCustomer Customer)> ConnectedUspsAsync()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var customer = await Stack.CreateUspsCustomerAsync();
        var accountId = await merchant.ConnectUspsAsync(customer);
        await RunEngineAsync();
        return (merchant.Api(), accountId, customer);
    }

    protected async Task<(HttpClient Api, Guid AccountId, SandboxCustomer Customer)> ConnectedOneBalanceAsync()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var customer = await Stack.CreateStampsCustomerAsync();
        var accountId = await merchant.ConnectOneBalanceAsync(customer);
        await RunEngineAsync();
        return (merchant.Api(), accountId, customer);
    }

    protected Task<CarrierAccount> AccountAsync(Guid accountId) =>
        Stack.WithDbAsync(db => db.CarrierAccounts.AsNoTracking().FirstAsync(a => a.Id == accountId));

    protected async Task<JsonElement> UspsCountersAsync() =>
        (await Stack.Control.GetFromJsonAsync<JsonElement>("/_control/counters")).GetProperty("usps");

    protected async Task<int> UspsRefreshesAsync() => (await UspsCountersAsync()).GetProperty("refreshes").GetInt32();

    /// <summary>Every USPS API call the sandbox saw other than the token endpoint (prices, labels, ...).</summary>
    protected async Task<long> UspsApiCallsAsync() =>
        (await UspsCountersAsync()).GetProperty("calls").EnumerateObject()
            .Where(c => !c.Name.Contains("/oauth2/", StringComparison.Ordinal)).Sum(c => c.Value.GetInt64());

    protected async Task ResetCountersAsync() => (await Stack.Control.DeleteAsync("/_control/counters")).EnsureSuccessStatusCode();

    protected async Task<string> AddFaultAsync(object spec)
    {
        var response = await Stack.Control.PostAsJsonAsync("/_control/faults", spec);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    protected async Task ClearFaultsAsync() => (await Stack.Control.DeleteAsync("/_control/faults")).EnsureSuccessStatusCode();

    protected async Task ControlAsync(string carrier, SandboxCustomer customer, string action) =>
        (await Stack.Control.PostAsync($"/_control/customers/{carrier}/{customer.Username}/{action}", null)).EnsureSuccessStatusCode();

    protected static Task<HttpResponseMessage> RatesAsync(HttpClient api, Guid accountId) =>
        api.PostAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/rates", ShippingBodies.Rates);

    /// <summary>Waits (real time) until <paramref name="condition"/> holds; fails the test after 15 seconds.</summary>
    protected static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Still waiting for: {what}");
            await Task.Delay(20);
        }
    }
}
