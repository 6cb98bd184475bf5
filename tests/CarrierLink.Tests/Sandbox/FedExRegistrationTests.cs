using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shouldly;

namespace CarrierLink.Tests.Sandbox;

public sealed class FedExRegistrationTests
{
    private static async Task<(FedExSandbox FedEx, SandboxHost Sandbox)> StartAsync(FakeTimeProvider? time = null)
    {
        var sandbox = await SandboxHost.StartAsync(time ?? SandboxClock.StartingMonday());
        return (new FedExSandbox(sandbox), sandbox);
    }

    [Fact]
    public async Task Bad_client_credentials_get_FedExs_NOT_AUTHORIZED_envelope()
    {
        var (fedex, sandbox) = await StartAsync();
        await using var host = sandbox;
        var response = await fedex.TokenAsync(new() { ["grant_type"] = "client_credentials", ["client_id"] = SandboxHost.ClientId, ["client_secret"] = "wrong" });
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("transactionId").GetString().ShouldNotBeNullOrEmpty();
        body.GetProperty("errors")[0].GetProperty("code").GetString().ShouldBe("NOT.AUTHORIZED.ERROR");
        body.GetProperty("errors")[0].GetProperty("message").GetString().ShouldBe("The given client credentials were not valid. Please modify your request and try again.");
    }

    [Fact]
    public async Task The_platform_token_is_a_bearer_token_for_an_hour_with_scope_CXS()
    {
        var (fedex, sandbox) = await StartAsync();
        await using var host = sandbox;
        var response = await fedex.TokenAsync(new() { ["grant_type"] = "client_credentials", ["client_id"] = SandboxHost.ClientId, ["client_secret"] = SandboxHost.ClientSecret });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("token_type").GetString().ShouldBe("bearer");
        body.GetProperty("expires_in").GetInt32().ShouldBe(3600);
        body.GetProperty("scope").GetString().ShouldBe("CXS");
        body.TryGetProperty("refresh_token", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task An_account_without_MFA_gets_keys_at_once_and_each_registration_issues_another_pair()
    {
        var (fedex, sandbox) = await StartAsync();
        await using var host = sandbox;
        var account = await fedex.CreateAccountAsync("none");
        var parent = await fedex.ParentTokenAsync();
        var first = await fedex.RegisterAsync(parent, account);
        var second = await fedex.RegisterAsync(parent, account);
        first.GetProperty("child_Key").GetString().ShouldNotBe(second.GetProperty("child_Key").GetString());
        // Both pairs work: an earlier key stays valid until revoked.
        (await fedex.ChildTokenResponseAsync(first.GetProperty("child_Key").GetString()!, first.GetProperty("child_secret").GetString()!)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await fedex.ChildTokenResponseAsync(second.GetProperty("child_Key").GetString()!, second.GetProperty("child_secret").GetString()!)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_PIN_sent_by_SMS_lands_in_the_inbox_and_issues_keys_once()
    {
        var (fedex, sandbox) = await StartAsync();
        await using var host = sandbox;
        var account = await fedex.CreateAccountAsync("pin");
        var number = account.GetProperty("account_number").GetString()!;
        var parent = await fedex.ParentTokenAsync();
        var mfa = (await fedex.RegisterAsync(parent, account)).GetProperty("mfaOptions")[0];
        mfa.GetProperty("mfaRequired").GetBoolean().ShouldBeTrue();
        mfa.GetProperty("phoneNumber").GetString().ShouldStartWith("***-***-");
        mfa.GetProperty("options").GetProperty("secureCode").EnumerateArray().Select(o => o.GetString()).ShouldBe(["SMS", "CALL", "EMAIL"]);
        mfa.GetProperty("options").GetProperty("invoice").GetString().ShouldBe("INVOICE");
        var session = mfa.GetProperty("accountAuthToken").GetString()!;

        var sent = await fedex.SendAsync(HttpMethod.Post, "/registration/v2/customerkeys/pingeneration", parent, new { option = "SMS" }, session);
        (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("output").GetProperty("status").GetString().ShouldBe("sent secured Pin");
        var pin = await fedex.LatestPinAsync(number);
        pin.Length.ShouldBe(6);
        (await (await sandbox.Http.GetAsync($"/fedex/inbox/{number}")).Content.ReadAsStringAsync()).ShouldContain(pin);

        var keys = await fedex.SendAsync(HttpMethod.Post, "/registration/v2/pin/keysgeneration", parent, new { secureCodePin = pin }, session);
        keys.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await keys.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("output").GetProperty("child_Key").GetString().ShouldNotBeNullOrEmpty();
        // The session is spent: the same PIN cannot issue a second pair.
        var again = await fedex.SendAsync(HttpMethod.Post, "/registration/v2/pin/keysgeneration", parent, new { secureCodePin = pin }, session);
        (await FedExSandbox.ErrorCodeAsync(again)).ShouldBe("UNAUTHORIZED.ACCESS.ERROR");
    }

    [Fact]
    public async Task A_wrong_PIN_is_refused_as_invalid_or_expired_and_three_kill_the_PIN()
    {
        var (fedex, sandbox) = await StartAsync();
        await using var host = sandbox;
        var account = await fedex.CreateAccountAsync("pin");
        var parent = await fedex.ParentTokenAsync();
        var session = (await fedex.RegisterAsync(parent, account)).GetProperty("mfaOptions")[0].GetProperty("accountAuthToken").GetString()!;
        await fedex.SendAsync(HttpMethod.Post, "/registration/v2/customerkeys/pingeneration", parent, new { option = "EMAIL" }, session);
        var pin = await fedex.LatestPinAsync(account.GetProperty("account_number").GetString()!);
        var wrong = pin == "000000" ? "111111" : "000000";
        for (var i = 0; i < 3; i++)
        {
            var refused = await fedex.SendAsync(HttpMethod.Post, "/registration/v2/pin/keysgeneration", parent, new { secureCodePin = wrong }, session);
            refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await FedExSandbox.ErrorCodeAsync(refused)).ShouldBe("PIN.OPTION.INVALIDEXPIRED");
        }
        var late = await fedex.SendAsync(HttpMethod.Post, "/registration/v2/pin/keysgeneration", parent, new { secureCodePin = pin }, session);
        (await FedExSandbox.ErrorCodeAsync(late)).ShouldBe("PIN.OPTION.INVALIDEXPIRED");
    }

    [Fact]
    public async Task A_session_older_than_thirty_minutes_is_expired()
    {
        var time = SandboxClock.StartingMonday();
        var (fedex, sandbox) = await StartAsync(time);
        await using var host = sandbox;
        var account = await fedex.CreateAccountAsync("pin");
        var parent = await fedex.ParentTokenAsync();
        var session = (await fedex.RegisterAsync(parent, account)).GetProperty("mfaOptions")[0].GetProperty("accountAuthToken").GetString()!;
        time.Advance(TimeSpan.FromMinutes(31));
        var fresh = await fedex.ParentTokenAsync();
        var response = await fedex.SendAsync(HttpMethod.Post, "/registration/v2/customerkeys/pingeneration", fresh, new { option = "SMS" }, session);
        (await FedExSandbox.ErrorCodeAsync(response)).ShouldBe("SESSION.EXPIRED.ERROR");
    }

    [Fact]
    public async Task A_recent_invoice_proves_the_account_and_an_old_one_does_not()
    {
        var (fedex, sandbox) = await StartAsync();
        await using var host = sandbox;
        var account = await fedex.CreateAccountAsync("invoice");
        var parent = await fedex.ParentTokenAsync();
        var mfa = (await fedex.RegisterAsync(parent, account)).GetProperty("mfaOptions")[0];
        mfa.GetProperty("options").TryGetProperty("secureCode", out _).ShouldBeFalse();
        var session = mfa.GetProperty("accountAuthToken").GetString()!;
        (await FedExSandbox.ErrorCodeAsync(await fedex.SendAsync(HttpMethod.Post, "/registration/v2/customerkeys/pingeneration", parent, new { option = "SMS" }, session)))
            .ShouldBe("PHONENUMBER.NOT.REGISTERED");

        object Proof(JsonElement invoice, decimal? amount = null) => new
        {
            invoiceDetail = new
            {
                number = invoice.GetProperty("number").GetInt64(),
                date = invoice.GetProperty("date").GetString(),
                currency = invoice.GetProperty("currency").GetString(),
                amount = amount ?? invoice.GetProperty("amount").GetDecimal(),
            },
        };
        var old = account.GetProperty("invoices")[1];
        (await FedExSandbox.ErrorCodeAsync(await fedex.SendAsync(HttpMethod.Post, "/registration/v2/invoice/keysgeneration", parent, Proof(old), session)))
            .ShouldBe("INVOICE.UNKNOWN.ERROR");
        var recent = account.GetProperty("invoice");
        (await FedExSandbox.ErrorCodeAsync(await fedex.SendAsync(HttpMethod.Post, "/registration/v2/invoice/keysgeneration", parent, Proof(recent, 1.00m), session)))
            .ShouldBe("INVOICE.UNKNOWN.ERROR");
        var unknown = await fedex.SendAsync(HttpMethod.Post, "/registration/v2/invoice/keysgeneration", parent,
            new { invoiceDetail = new { number = 1, date = "2026-03-01", currency = "USD", amount = 1 } }, session);
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await FedExSandbox.ErrorCodeAsync(unknown)).ShouldBe("INVOICEDETAILS.NUMBER.NOTEXIST");

        var keys = await fedex.SendAsync(HttpMethod.Post, "/registration/v2/invoice/keysgeneration", parent, Proof(recent), session);
        keys.StatusCode.ShouldBe(HttpStatusCode.OK, await keys.Content.ReadAsStringAsync());
        (await keys.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("output").GetProperty("child_secret").GetString().ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task An_unknown_account_and_an_address_that_is_not_the_accounts_are_refused_with_FedExs_codes()
    {
        var (fedex, sandbox) = await StartAsync();
        await using var host = sandbox;
        var account = await fedex.CreateAccountAsync("none");
        var parent = await fedex.ParentTokenAsync();
        var mismatch = await fedex.SendAsync(HttpMethod.Post, "/registration/v2/address/keysgeneration", parent, FedExSandbox.Registration(account, street: "1 Elsewhere Rd"));
        mismatch.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await FedExSandbox.ErrorCodeAsync(mismatch)).ShouldBe("ADDRESS.DETAIL.INVALID");

        var unknown = JsonSerializer.SerializeToElement(new { account_number = "100000001" });
        (await FedExSandbox.ErrorCodeAsync(await fedex.SendAsync(HttpMethod.Post, "/registration/v2/address/keysgeneration", parent, FedExSandbox.Registration(unknown))))
            .ShouldBe("ACCOUNT.NUMBER.NOTFOUND");
    }

    [Fact]
    public async Task A_customers_token_cannot_register_accounts()
    {
        var (fedex, sandbox) = await StartAsync();
        await using var host = sandbox;
        var account = await fedex.CreateAccountAsync("pin");
        var (key, secret) = await fedex.RegisterWithPinAsync(account);
        var child = await fedex.ChildTokenAsync(key, secret);
        var response = await fedex.SendAsync(HttpMethod.Post, "/registration/v2/address/keysgeneration", child, FedExSandbox.Registration(account));
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await FedExSandbox.ErrorCodeAsync(response)).ShouldBe("FORBIDDEN.ERROR");
    }
}
