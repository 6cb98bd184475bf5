using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CarrierLink.Tests.Support;
using Shouldly;

namespace CarrierLink.Tests.Connect;

/// <summary>UPS direct through the seam: API create with the shipper number, UPS.com sign-in, ship, break, reconnect.</summary>
public abstract class UpsConnectionTests(StackFixture fixture)
{
    private TestStack Stack => fixture.Stack;

    [Fact]
    public async Task A_UPS_account_connects_ships_breaks_and_reconnects_as_the_same_account()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var customer = await Stack.CreateUpsCustomerAsync();
        using var api = merchant.Api();

        var accountId = await ConnectAsync(merchant, customer, "Dock");
        (await api.StateOfAsync(accountId)).ShouldBe("connected");
        var account = await api.GetFromJsonAsync<JsonElement>($"/api/v1/carrier-accounts/{accountId}");
        account.GetProperty("carrier").GetString().ShouldBe("ups");

        var rates = await api.PostAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/rates", ShippingBodies.Rates);
        rates.StatusCode.ShouldBe(HttpStatusCode.OK, await rates.Content.ReadAsStringAsync());
        var label = await api.PostAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/labels", ShippingBodies.Label("03"));
        label.StatusCode.ShouldBe(HttpStatusCode.Created, await label.Content.ReadAsStringAsync());
        var endOfDay = await api.PostAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/end-of-day", new { });
        ((int)endOfDay.StatusCode).ShouldBeInRange(400, 499);

        await Stack.RevokeAtCarrierAsync("ups", customer.Username);
        var refused = await api.PostAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/rates", ShippingBodies.Rates);
        refused.StatusCode.ShouldBe(HttpStatusCode.FailedDependency, await refused.Content.ReadAsStringAsync());
        (await api.StateOfAsync(accountId)).ShouldBe("needs_reconnect");

        var reconnect = await api.PostAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/reconnect", new { });
        reconnect.StatusCode.ShouldBe(HttpStatusCode.OK, await reconnect.Content.ReadAsStringAsync());
        var page = await SignInAtUpsAsync(merchant, (await reconnect.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("authorization_url").GetString()!, customer);
        page.Heading.ShouldBe("Your UPS account is reconnected");
        (await api.StateOfAsync(accountId)).ShouldBe("connected");
        (await api.PostAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/rates", ShippingBodies.Rates)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Another_UPS_login_cannot_take_over_the_account_on_reconnect()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var owner = await Stack.CreateUpsCustomerAsync();
        var stranger = await Stack.CreateUpsCustomerAsync();
        using var api = merchant.Api();
        var accountId = await ConnectAsync(merchant, owner, "Dock");
        await Stack.RevokeAtCarrierAsync("ups", owner.Username);
        (await api.PostAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/rates", ShippingBodies.Rates)).StatusCode.ShouldBe(HttpStatusCode.FailedDependency);

        var reconnect = await api.PostAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/reconnect", new { });
        var page = await SignInAtUpsAsync(merchant, (await reconnect.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("authorization_url").GetString()!, stranger);

        page.Text.ShouldContain($"cannot use account");
        (await api.StateOfAsync(accountId)).ShouldBe("needs_reconnect");
        (await api.GetFromJsonAsync<JsonElement>($"/api/v1/carrier-accounts/{accountId}")).GetProperty("carrier_account_ref").GetString()!.ShouldEndWith(owner.Crid[^4..]);
    }

    [Fact]
    public async Task Removing_a_UPS_account_does_not_claim_a_revocation_UPS_cannot_do()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var customer = await Stack.CreateUpsCustomerAsync();
        using var api = merchant.Api();
        var accountId = await ConnectAsync(merchant, customer, "Dock");

        (await api.DeleteAsync($"/api/v1/carrier-accounts/{accountId}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        // UPS publishes no revoke endpoint: the timeline says what happened, not "revoked at the carrier".
        var events = await api.EventTypesAsync(accountId);
        events.ShouldContain("revoke_unavailable");
        events.ShouldNotContain("revoked");
        (await Stack.CredentialAsync(accountId)).ShouldBeNull();
    }

    [Fact]
    public async Task A_UPS_account_needs_a_well_formed_shipper_number()
    {
        var merchant = await Stack.CreateMerchantAsync();
        using var api = merchant.Api();
        var response = await api.PostAsJsonAsync("/api/v1/carrier-accounts", new { carrier = "ups", nickname = "Dock", shipper_number = "12" });
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("shipper_number", out _).ShouldBeTrue();
        var numberNotText = await api.PostAsJsonAsync("/api/v1/carrier-accounts", new { carrier = "ups", nickname = "Dock", shipper_number = 123456 });
        numberNotText.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    private static Task<Guid> ConnectAsync(TestMerchant merchant, SandboxCustomer customer, string nickname) => merchant.ConnectUpsAsync(customer, nickname);

    private static Task<BrowserPage> SignInAtUpsAsync(TestMerchant merchant, string authorizationUrl, SandboxCustomer customer) =>
        Connections.SignInAtUpsAsync(merchant, authorizationUrl, customer);
}

public sealed class UpsConnectionOnSqliteTests(SqliteStack fixture) : UpsConnectionTests(fixture), IClassFixture<SqliteStack>;

public sealed class UpsConnectionOnPostgresTests(PostgresStack fixture) : UpsConnectionTests(fixture), IClassFixture<PostgresStack>;
