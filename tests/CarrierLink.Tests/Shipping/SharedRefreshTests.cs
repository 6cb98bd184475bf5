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

    [Fact]
    public async Task A_token_is_refreshed_ahead_of_its_expiry_without_the_carrier_ever_refusing_it()
    {
        var stack = fixture.Stack;
        (await stack.Control.PutAsJsonAsync("/_control/settings/usps", new { access_token_seconds = 400 })).EnsureSuccessStatusCode();
        try
        {
            var merchant = await stack.CreateMerchantAsync();
            var customer = await stack.CreateUspsCustomerAsync();
            var accountId = await merchant.ConnectUspsAsync(customer);
            using var api = merchant.Api();
            var body = new { from_zip = "10001", to_zip = "94105", weight_oz = 24, mail_class = "PRIORITY_MAIL" };
            (await api.PostAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/rates", body)).StatusCode.ShouldBe(HttpStatusCode.OK);
            await stack.Control.DeleteAsync("/_control/counters");

            // 400 s tokens with the default 300 s margin: after 101 s CarrierLink renews before using it.
            stack.Clock.Advance(TimeSpan.FromSeconds(101));
            (await api.PostAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/rates", body)).StatusCode.ShouldBe(HttpStatusCode.OK);

            var usps = (await stack.Control.GetFromJsonAsync<JsonElement>("/_control/counters")).GetProperty("usps");
            usps.GetProperty("refreshes").GetInt32().ShouldBe(1);
            usps.GetProperty("calls").GetProperty("POST /prices/v3/base-rates/search").GetInt32().ShouldBe(1, "the refresh came first, so the price call was never refused");
        }
        finally
        {
            (await stack.Control.PutAsJsonAsync("/_control/settings/usps", new { access_token_seconds = 28799 })).EnsureSuccessStatusCode();
        }
    }
}
