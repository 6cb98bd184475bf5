using System.Net.Http.Json;
using System.Text.Json;
using CarrierLink.Tests.Support;
using Shouldly;

namespace CarrierLink.Tests.Connect;

/// <summary>Moves CarrierLink's clock, so it has a stack of its own.</summary>
public sealed class AuthorizationExpiryTests(SqliteStack fixture) : IClassFixture<SqliteStack>
{
    [Fact]
    public async Task A_sign_in_finished_after_ten_minutes_is_refused_and_changes_nothing()
    {
        var stack = fixture.Stack;
        var merchant = await stack.CreateMerchantAsync();
        var customer = await stack.CreateUspsCustomerAsync();
        using var api = merchant.Api();
        var created = await (await api.PostAsJsonAsync("/api/v1/carrier-accounts", new { carrier = "usps", nickname = "Slow" })).Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("account").GetProperty("id").GetString();
        using var browser = await merchant.SignedInBrowserAsync();
        var done = await UspsSite.AuthorizeAsync(browser, await browser.GetAsync(created.GetProperty("authorization_url").GetString()!), customer);

        stack.Clock.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        var page = await browser.FollowLinkAsync(done, "Go to CarrierLink");

        page.Heading.ShouldBe("This sign-in took too long");
        var account = await api.GetFromJsonAsync<JsonElement>($"/api/v1/carrier-accounts/{id}");
        account.GetProperty("state").GetString().ShouldBe("pending");
    }
}
