using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CarrierLink.Tests.Support;
using Shouldly;

namespace CarrierLink.BrowserTests.Support;

/// <summary>
/// What is already true before an article begins (a merchant with a working account, then a carrier that stops
/// accepting it), set up over HTTP so the browser steps are only the ones the articles describe.
/// </summary>
public static class Arrange
{
    public static readonly object Rates = new { from_zip = "10001", to_zip = "94105", weight_oz = 24 };

    /// <summary>A merchant with a connected USPS account, connected the usual way (API, then USPS.com's sign-in).</summary>
    public static async Task<(TestMerchant Merchant, SandboxCustomer Customer, Guid AccountId)> ConnectedUspsAsync(TestStack stack, string nickname = "Warehouse")
    {
        var merchant = await stack.CreateMerchantAsync("Harbor Goods");
        var customer = await stack.CreateUspsCustomerAsync();
        using var api = merchant.Api();
        var response = await api.PostAsJsonAsync("/api/v1/carrier-accounts", new { carrier = "usps", nickname });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        using var browser = await merchant.SignedInBrowserAsync();
        var signIn = await browser.GetAsync(body.GetProperty("authorization_url").GetString()!);
        var consent = await browser.SubmitAsync(signIn, "form", new() { ["username"] = customer.Username, ["password"] = customer.Password }, "Sign In");
        var authorized = await browser.SubmitAsync(consent, "form", new() { ["agree"] = "true" }, "Authorize & Continue");
        var back = await browser.FollowLinkAsync(authorized, "Go to CarrierLink");
        back.Heading.ShouldBe("Your USPS account is connected");
        await merchant.SaveShipFromAsync(); // a merchant who ships has a ship-from address (Settings > Ship-from addresses)
        return (merchant, customer, Guid.Parse(body.GetProperty("account").GetProperty("id").GetString()!));
    }

    /// <summary>A merchant with a connected One Balance (<c>stamps</c>) or UPS One Balance (<c>ups_one_balance</c>) account.</summary>
    public static async Task<(TestMerchant Merchant, SandboxCustomer Customer, Guid AccountId)> ConnectedOneBalanceAsync(TestStack stack, string carrier, string nickname)
    {
        var merchant = await stack.CreateMerchantAsync("Harbor Goods");
        var customer = await stack.CreateStampsCustomerAsync();
        using var api = merchant.Api();
        var response = await api.PostAsJsonAsync("/api/v1/carrier-accounts", new { carrier, nickname, username = customer.Username, password = customer.Password });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("account").GetProperty("id").GetString()!;
        await merchant.SaveShipFromAsync();
        return (merchant, customer, Guid.Parse(id));
    }

    /// <summary>Someone changes the Stamps.com password elsewhere; the next rates call finds out (424).</summary>
    public static async Task PasswordChangedElsewhereAsync(TestStack stack, TestMerchant merchant, SandboxCustomer customer, Guid accountId, string newPassword)
    {
        (await stack.Control.PostAsJsonAsync($"/_control/customers/stamps/{customer.Username}/password", new { password = newPassword })).EnsureSuccessStatusCode();
        using var api = merchant.Api();
        (await api.PostAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/rates", Rates)).StatusCode.ShouldBe(HttpStatusCode.FailedDependency);
    }

    /// <summary>How long USPS.com waits before returning by itself; 0 turns the automatic return off.</summary>
    public static async Task ConsentAutoReturnAsync(TestStack stack, int seconds) =>
        (await stack.Control.PutAsJsonAsync("/_control/settings/usps", new { consent_auto_return_seconds = seconds })).EnsureSuccessStatusCode();

    public static async Task<string> StateOfAsync(TestMerchant merchant, Guid accountId)
    {
        using var api = merchant.Api();
        return (await api.GetFromJsonAsync<JsonElement>($"/api/v1/carrier-accounts/{accountId}")).GetProperty("state").GetString()!;
    }

    /// <summary>A platform support agent (the same service the CLI uses); returns the email and password to sign in with.</summary>
    public static async Task<(string Email, string Password)> AgentAsync(TestStack stack)
    {
        var email = $"agent-{Guid.NewGuid():N}@example.test";
        const string password = "agent-password-1";
        await using var scope = stack.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<CarrierLink.Web.Merchants.MerchantAccounts>().CreateAgentAsync(email, password, CancellationToken.None);
        return (email, password);
    }
}
