using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CarrierLink.Tests.Support;
using Shouldly;

namespace CarrierLink.Tests.Shipping;

/// <summary>Reads the sandbox's global counters, so it has a stack of its own.</summary>
public sealed class SharedRefreshTests(SqliteStack fixture) : IClassFixture<SqliteStack>
{
    [Fact]
    public async Task Fifty_parallel_operations_on_an_expired_token_share_one_refresh()
    {
        var stack = fixture.Stack;
        var merchant = await stack.CreateMerchantAsync();
        var customer = await stack.CreateUspsCustomerAsync();
        var accountId = await merchant.ConnectUspsAsync(customer);
        using var api = merchant.Api();
        (await stack.Control.PostAsync($"/_control/customers/usps/{customer.Username}/expire-tokens", null)).EnsureSuccessStatusCode();
        await stack.Control.DeleteAsync("/_control/counters");

        var body = new { from_zip = "10001", to_zip = "94105", weight_oz = 24, mail_class = "PRIORITY_MAIL" };
        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => api.PostAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/rates", body)));

        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.OK);
        var usps = (await stack.Control.GetFromJsonAsync<JsonElement>("/_control/counters")).GetProperty("usps");
        usps.GetProperty("refreshes").GetInt32().ShouldBe(1);
        usps.GetProperty("refresh_rejected").GetInt32().ShouldBe(0);
        (await api.StateOfAsync(accountId)).ShouldBe("connected");
    }
}
