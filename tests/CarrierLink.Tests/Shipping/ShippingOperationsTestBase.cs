using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CarrierLink.Tests.Support;
using Shouldly;

namespace CarrierLink.Tests.Shipping;

/// <summary>What the shipping suites share: a merchant with a connected USPS account, faults, label calls.</summary>
public abstract class ShippingOperationsTestBase(StackFixture fixture)
{
    protected TestStack Stack => fixture.Stack;

    protected async Task<(HttpClient Api, Guid AccountId, SandboxCustomer Customer)> ConnectedAsync()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var customer = await Stack.CreateUspsCustomerAsync();
        var accountId = await merchant.ConnectUspsAsync(customer);
        return (merchant.Api(), accountId, customer);
    }

    protected static async Task<HttpResponseMessage> PostLabelAsync(HttpClient api, Guid accountId, object body, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Url(accountId, "labels")) { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return await api.SendAsync(request);
    }

    protected async Task<int> LabelsAtCarrierAsync(SandboxCustomer customer) =>
        (await Stack.Control.GetFromJsonAsync<JsonElement>($"/_control/customers/usps/{customer.Username}/labels")).GetProperty("data").GetArrayLength();

    protected async Task WithFaultAsync(object spec, Func<Task> during)
    {
        (await Stack.Control.PostAsJsonAsync("/_control/faults", spec)).StatusCode.ShouldBe(HttpStatusCode.Created);
        try { await during(); }
        finally { (await Stack.Control.DeleteAsync("/_control/faults")).EnsureSuccessStatusCode(); }
    }

    protected static string Url(Guid accountId, string path) => $"/api/v1/carrier-accounts/{accountId}/{path}";
}
