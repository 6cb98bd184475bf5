using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shouldly;
using Xunit;

namespace CarrierLink.Tests.Sandbox;

public sealed class UspsPaymentsTests(SharedSandbox shared) : IClassFixture<SharedSandbox>
{
    [Fact]
    public async Task PAYER_and_LABEL_OWNER_roles_get_a_payment_authorization_token()
    {
        var sandbox = shared.Host;
        var usps = await UspsApiClient.ConnectAsync(sandbox);

        var response = await usps.SendAsync(HttpMethod.Post, "/payments/v3/payment-authorization", new { roles = new[] { usps.Role("PAYER"), usps.Role("LABEL_OWNER") } });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("paymentAuthorizationToken").GetString().ShouldNotBeNullOrEmpty();
        body.GetProperty("roles").GetArrayLength().ShouldBe(2);
    }

    [Fact]
    public async Task Missing_roles_are_160228_and_160229()
    {
        var sandbox = shared.Host;
        var usps = await UspsApiClient.ConnectAsync(sandbox);

        var onlyOwner = await usps.SendAsync(HttpMethod.Post, "/payments/v3/payment-authorization", new { roles = new[] { usps.Role("LABEL_OWNER") } });
        var onlyPayer = await usps.SendAsync(HttpMethod.Post, "/payments/v3/payment-authorization", new { roles = new[] { usps.Role("PAYER") } });

        (await onlyOwner.ErrorsAsync()).ShouldBe([("160228", "PAYER is required")]);
        (await onlyPayer.ErrorsAsync()).ShouldBe([("160229", "LABEL_OWNER is required")]);
    }

    [Fact]
    public async Task A_role_without_a_CRID_is_named_in_USPS_words()
    {
        var sandbox = shared.Host;
        var usps = await UspsApiClient.ConnectAsync(sandbox);
        var payer = new { roleName = "PAYER", MID = usps.Mid, manifestMID = usps.ManifestMid, accountType = "EPS", accountNumber = usps.AccountNumber };

        var response = await usps.SendAsync(HttpMethod.Post, "/payments/v3/payment-authorization", new { roles = new[] { payer, usps.Role("LABEL_OWNER") } });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ErrorsAsync()).ShouldBe([("160218", "PAYER requires CRID")]);
    }

    [Fact]
    public async Task Paying_from_another_accounts_EPS_account_is_refused()
    {
        var sandbox = shared.Host;
        var usps = await UspsApiClient.ConnectAsync(sandbox);

        var response = await usps.SendAsync(HttpMethod.Post, "/payments/v3/payment-authorization",
            new { roles = new[] { usps.Role("PAYER", accountNumber: "1000067890"), usps.Role("LABEL_OWNER") } });

        (await response.ErrorsAsync()).ShouldBe([("100001", "Could not find an EPS Account with number: 1000067890.")]);
    }

    [Fact]
    public async Task A_client_credentials_token_cannot_authorize_payment()
    {
        var sandbox = shared.Host;
        var token = (await (await sandbox.TokenAsync(new() { ["grant_type"] = "client_credentials" })).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("access_token").GetString()!;
        var request = new HttpRequestMessage(HttpMethod.Post, "/payments/v3/payment-authorization") { Content = JsonContent.Create(new { roles = Array.Empty<object>() }) };
        request.Headers.Authorization = new("Bearer", token);

        (await sandbox.Http.SendAsync(request)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
