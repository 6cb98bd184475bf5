using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CarrierLink.Carriers.Catalog;
using CarrierLink.Carriers.OAuth;
using CarrierLink.Tests.Support;
using CarrierLink.Web.Tokens;
using Shouldly;

namespace CarrierLink.Tests.Connect;

/// <summary>
/// Pointing CarrierLink at another OAuth 2.0 server is configuration only: against OpenIddict's server
/// (authorization code with PKCE, HTTP Basic client authentication, rotating refresh tokens, RFC 7009
/// revocation) a USPS-configured account connects, refreshes and is revoked with no code of its own.
/// </summary>
public sealed class ForeignAuthorizationServerTests : IAsyncLifetime
{
    private ForeignAuthorizationServer _server = null!;
    private TestStack _stack = null!;

    public async Task InitializeAsync()
    {
        _server = await ForeignAuthorizationServer.StartAsync();
        _stack = await TestStack.StartAsync(StoreProvider.Sqlite, _server.CarrierLinkArgs());
        await _server.RegisterCarrierLinkAsync(new Uri(_stack.WebUrl, "connect/usps/callback"));
    }

    public async Task DisposeAsync()
    {
        await _stack.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task A_USPS_account_connects_refreshes_with_rotation_and_is_revoked_against_a_foreign_OAuth_server_by_configuration_alone()
    {
        var merchant = await _stack.CreateMerchantAsync();
        using var api = merchant.Api();
        var created = await api.PostAsJsonAsync("/api/v1/carrier-accounts", new { carrier = "usps", nickname = "Foreign" });
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var accountId = Guid.Parse(body.GetProperty("account").GetProperty("id").GetString()!);
        var authorizationUrl = new Uri(body.GetProperty("authorization_url").GetString()!);
        authorizationUrl.GetLeftPart(UriPartial.Path).ShouldBe(_server.AuthorizationUrl.ToString());

        // The server signs its user in at once and sends the browser back to CarrierLink with a code.
        using var browser = await merchant.SignedInBrowserAsync();
        var connected = await browser.GetAsync(authorizationUrl);
        connected.Heading.ShouldBe("Your USPS account is connected", connected.Text[..Math.Min(600, connected.Text.Length)]);
        (await api.StateOfAsync(accountId)).ShouldBe("connected");
        var account = await api.GetFromJsonAsync<JsonElement>($"/api/v1/carrier-accounts/{accountId}");
        // Its tokens name the user, not a USPS account: connected, with the account numbers left for the merchant to enter.
        account.GetProperty("carrier_account_ref").ValueKind.ShouldBe(JsonValueKind.Null);
        account.GetProperty("account_details_required").GetBoolean().ShouldBeTrue();
        var firstRefresh = _stack.Decrypt((await _stack.CredentialAsync(accountId))!.RefreshTokenCipher!);

        // The access token ages out in CarrierLink's eyes: the next use refreshes it, and the server rotates the refresh token.
        _stack.Clock.Advance(ForeignAuthorizationServer.AccessTokenLifetime * 2);
        var renewed = await _stack.Services.GetRequiredService<CarrierAccessTokens>().GetAsync(accountId, CarrierCodes.Usps, null, CancellationToken.None);
        renewed.ShouldBeOfType<CarrierResult<string>.Success>();
        var secondRefresh = _stack.Decrypt((await _stack.CredentialAsync(accountId))!.RefreshTokenCipher!);
        secondRefresh.ShouldNotBe(firstRefresh, "the server rotates refresh tokens, and CarrierLink must keep the new one");

        // Removing the account revokes the grant at the server: its current refresh token no longer works there.
        (await api.DeleteAsync($"/api/v1/carrier-accounts/{accountId}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var refused = await _server.RefreshAsync(secondRefresh);
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString().ShouldBe("invalid_grant");
    }
}
