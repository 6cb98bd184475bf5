using System.Net;
using System.Net.Http.Json;
using CarrierLink.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace CarrierLink.Tests.Connect;

/// <summary>
/// PKCE is carrier configuration (Carriers:Usps:UsePkce): off for USPS, whose token schema takes no
/// code_verifier, on for an authorization server that wants it. Switched on, it works end to end and
/// keeps no verifier after use.
/// </summary>
public sealed class PkceConfigurationTests : IAsyncLifetime
{
    private TestStack _stack = null!;

    public async Task InitializeAsync() => _stack = await TestStack.StartAsync(StoreProvider.Sqlite, "--Carriers:Usps:UsePkce=true");

    public async Task DisposeAsync() => await _stack.DisposeAsync();

    [Fact]
    public async Task With_PKCE_configured_the_redirect_carries_an_S256_challenge_and_a_used_sign_in_keeps_no_verifier()
    {
        var merchant = await _stack.CreateMerchantAsync();
        var customer = await _stack.CreateUspsCustomerAsync();
        using var api = merchant.Api();
        var accountId = await merchant.ConnectUspsAsync(customer, "Verifier");
        var reconnect = await api.PostAsync($"/api/v1/carrier-accounts/{accountId}/reconnect", null);
        reconnect.StatusCode.ShouldBe(HttpStatusCode.OK);
        var url = new Uri((await reconnect.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("authorization_url").GetString()!);
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(url.Query)["code_challenge_method"].ToString().ShouldBe("S256");
        var waiting = await _stack.WithDbAsync(db => db.OAuthStates.AsNoTracking().Where(s => s.AccountId == accountId && s.ConsumedAt == null).SingleAsync());
        waiting.CodeVerifierCipher.ShouldNotBeNull("a sign-in still in flight needs its verifier");

        (await api.DeleteAsync($"/api/v1/carrier-accounts/{accountId}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var states = await _stack.WithDbAsync(db => db.OAuthStates.AsNoTracking().Where(s => s.AccountId == accountId).ToListAsync());
        states.Count.ShouldBe(2);
        states.ShouldAllBe(s => s.ConsumedAt != null && s.CodeVerifierCipher == null);
    }
}
