using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CarrierLink.Tests.Support;
using Shouldly;

namespace CarrierLink.Tests.Connect;

/// <summary>FedEx through the seam: registration (keys at once, PIN, invoice) over the API, ship, a revoked key, reconnect.</summary>
public abstract class FedExConnectionTests(StackFixture fixture)
{
    private TestStack Stack => fixture.Stack;

    [Fact]
    public async Task A_FedEx_account_registers_ships_breaks_when_its_key_is_revoked_and_reconnects_as_the_same_account()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var fedex = await Stack.CreateFedExAccountAsync(mfa: "none");
        using var api = merchant.Api();

        var created = await api.PostAsJsonAsync("/api/v1/carrier-accounts", With(fedex.Registration, ("carrier", "fedex"), ("nickname", "Main dock")));
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var accountId = Guid.Parse((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("account").GetProperty("id").GetString()!);
        (await api.StateOfAsync(accountId)).ShouldBe("connected");
        var stored = await Stack.CredentialAsync(accountId);
        stored!.PasswordCipher.ShouldNotBeNull();
        stored.PasswordCipher.ShouldNotContain(Stack.Decrypt(stored.PasswordCipher), Case.Sensitive);

        (await api.PostAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/rates", ShippingBodies.Rates)).StatusCode.ShouldBe(HttpStatusCode.OK);
        // FedEx needs a phone at both ends; CarrierLink says so by field before asking FedEx.
        var noPhones = await api.PostAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/labels", ShippingBodies.Label("FEDEX_GROUND"));
        noPhones.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var label = await api.PostAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/labels", LabelWithPhones);
        label.StatusCode.ShouldBe(HttpStatusCode.Created, await label.Content.ReadAsStringAsync());

        await Stack.RevokeAtCarrierAsync("fedex", fedex.AccountNumber);
        // FedEx tokens outlive nothing here: the revoked key's token is refused, and renewing with the key is refused too.
        var refused = await api.PostAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/rates", ShippingBodies.Rates);
        refused.StatusCode.ShouldBe(HttpStatusCode.FailedDependency, await refused.Content.ReadAsStringAsync());
        (await api.StateOfAsync(accountId)).ShouldBe("needs_reconnect");

        var other = await api.PostAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/reconnect", With(fedex.Registration, ("account_number", "123456789")));
        other.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var reconnect = await api.PostAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/reconnect", fedex.Registration);
        reconnect.StatusCode.ShouldBe(HttpStatusCode.OK, await reconnect.Content.ReadAsStringAsync());
        (await api.StateOfAsync(accountId)).ShouldBe("connected");
        (await api.EventTypesAsync(accountId)).ShouldContain("reconnected");
        (await api.PostAsJsonAsync($"/api/v1/carrier-accounts/{accountId}/rates", ShippingBodies.Rates)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_FedEx_account_asking_for_a_PIN_connects_once_the_PIN_from_the_inbox_is_given()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var fedex = await Stack.CreateFedExAccountAsync(mfa: "pin");
        using var api = merchant.Api();

        var created = await api.PostAsJsonAsync("/api/v1/carrier-accounts", With(fedex.Registration, ("carrier", "fedex"), ("nickname", "PIN dock")));
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var accountId = Guid.Parse(body.GetProperty("account").GetProperty("id").GetString()!);
        body.GetProperty("account").GetProperty("state").GetString().ShouldBe("pending");
        var verification = body.GetProperty("verification");
        var methods = verification.GetProperty("methods").EnumerateArray().Select(m => m.GetString()).ToList();
        methods.ShouldContain("EMAIL");
        var url = verification.GetProperty("url").GetString()!;

        var sent = await api.PostAsJsonAsync(url, new { method = "EMAIL" });
        sent.StatusCode.ShouldBe(HttpStatusCode.OK, await sent.Content.ReadAsStringAsync());
        (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("verification").GetProperty("pin_sent_by").GetString().ShouldBe("EMAIL");
        var wrong = await api.PostAsJsonAsync(url, new { pin = "000000" });
        wrong.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await api.StateOfAsync(accountId)).ShouldBe("pending");

        var pin = await Stack.LatestFedExPinAsync(fedex.AccountNumber);
        var verified = await api.PostAsJsonAsync(url, new { pin });
        verified.StatusCode.ShouldBe(HttpStatusCode.OK, await verified.Content.ReadAsStringAsync());
        (await api.StateOfAsync(accountId)).ShouldBe("connected");
        // The registration's token was for one use: nothing is left to verify.
        (await api.PostAsJsonAsync(url, new { pin })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_FedEx_account_asking_for_an_invoice_connects_with_a_recent_invoice_and_refuses_an_old_date()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var fedex = await Stack.CreateFedExAccountAsync(mfa: "invoice");
        using var api = merchant.Api();
        var created = await api.PostAsJsonAsync("/api/v1/carrier-accounts", With(fedex.Registration, ("carrier", "fedex"), ("nickname", "Invoice dock")));
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var accountId = Guid.Parse(body.GetProperty("account").GetProperty("id").GetString()!);
        var url = body.GetProperty("verification").GetProperty("url").GetString()!;

        var old = await api.PostAsJsonAsync(url, new { invoice_number = fedex.InvoiceNumber, invoice_date = "2020-01-02", invoice_amount = fedex.InvoiceAmount, invoice_currency = fedex.InvoiceCurrency });
        old.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await old.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("invoice_date", out _).ShouldBeTrue();

        var verified = await api.PostAsJsonAsync(url, new { invoice_number = fedex.InvoiceNumber, invoice_date = fedex.InvoiceDate, invoice_amount = fedex.InvoiceAmount, invoice_currency = fedex.InvoiceCurrency });
        verified.StatusCode.ShouldBe(HttpStatusCode.OK, await verified.Content.ReadAsStringAsync());
        (await api.StateOfAsync(accountId)).ShouldBe("connected");
    }

    [Fact]
    public async Task A_wrong_address_is_refused_and_no_account_is_made()
    {
        var merchant = await Stack.CreateMerchantAsync();
        var fedex = await Stack.CreateFedExAccountAsync(mfa: "none");
        using var api = merchant.Api();
        var refused = await api.PostAsJsonAsync("/api/v1/carrier-accounts", With(fedex.Registration, ("carrier", "fedex"), ("nickname", "Dock"), ("postal_code", "99999")));
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest, await refused.Content.ReadAsStringAsync());
        (await api.GetFromJsonAsync<JsonElement>("/api/v1/carrier-accounts?carrier=fedex")).GetProperty("data").GetArrayLength().ShouldBe(0);
    }

    private static object LabelWithPhones => new
    {
        from_address = new { name = "Jane Shipper", street1 = "123 Main St", city = "New York", state = "NY", zip = "10001", phone = "2125550100" },
        to_address = new { name = "Sam Receiver", street1 = "500 Howard St", city = "San Francisco", state = "CA", zip = "94105", phone = "4155550100" },
        weight_oz = 24,
        mail_class = "FEDEX_GROUND",
    };

    private static Dictionary<string, string?> With(object registration, params (string Key, string Value)[] more)
    {
        var fields = JsonSerializer.SerializeToElement(registration).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
        foreach (var (key, value) in more) fields[key] = value;
        return fields;
    }
}

public sealed class FedExConnectionOnSqliteTests(SqliteStack fixture) : FedExConnectionTests(fixture), IClassFixture<SqliteStack>;

public sealed class FedExConnectionOnPostgresTests(PostgresStack fixture) : FedExConnectionTests(fixture), IClassFixture<PostgresStack>;
