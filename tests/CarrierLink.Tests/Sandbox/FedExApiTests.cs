using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shouldly;

namespace CarrierLink.Tests.Sandbox;

public sealed class FedExApiTests
{
    private static async Task<(FedExSandbox FedEx, SandboxHost Sandbox, string Account, string Token, (string Key, string Secret) Keys)> ConnectedAsync(FakeTimeProvider? time = null)
    {
        var sandbox = await SandboxHost.StartAsync(time ?? SandboxClock.StartingMonday());
        var fedex = new FedExSandbox(sandbox);
        var account = await fedex.CreateAccountAsync("pin");
        var keys = await fedex.RegisterWithPinAsync(account);
        return (fedex, sandbox, account.GetProperty("account_number").GetString()!, await fedex.ChildTokenAsync(keys.Key, keys.Secret), keys);
    }

    [Fact]
    public async Task A_childs_token_rates_its_own_account()
    {
        var (fedex, sandbox, account, token, _) = await ConnectedAsync();
        await using var host = sandbox;
        var response = await fedex.SendAsync(HttpMethod.Post, "/rate/v1/rates/quotes", token, FedExSandbox.Rates(account));
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var details = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("output").GetProperty("rateReplyDetails");
        details.EnumerateArray().Select(d => d.GetProperty("serviceType").GetString()).ShouldBe(["FEDEX_GROUND", "FEDEX_2_DAY", "STANDARD_OVERNIGHT", "PRIORITY_OVERNIGHT"]);
        details[0].GetProperty("ratedShipmentDetails")[0].GetProperty("totalNetCharge").GetDecimal().ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task A_token_may_act_only_for_its_own_account_and_a_platform_token_for_none()
    {
        var (fedex, sandbox, _, token, _) = await ConnectedAsync();
        await using var host = sandbox;
        var other = (await fedex.CreateAccountAsync("none")).GetProperty("account_number").GetString()!;
        var mismatch = await fedex.SendAsync(HttpMethod.Post, "/rate/v1/rates/quotes", token, FedExSandbox.Rates(other));
        mismatch.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await FedExSandbox.ErrorCodeAsync(mismatch)).ShouldBe("FORBIDDEN.ERROR");

        var parent = await fedex.ParentTokenAsync();
        (await fedex.SendAsync(HttpMethod.Post, "/rate/v1/rates/quotes", parent, FedExSandbox.Rates(other))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Revoking_the_account_refuses_its_child_keys_and_ends_its_tokens_at_once()
    {
        var (fedex, sandbox, account, token, keys) = await ConnectedAsync();
        await using var host = sandbox;
        var revoked = await sandbox.ControlAsync(HttpMethod.Post, $"/_control/customers/fedex/{account}/revoke");
        (await revoked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("child_keys_revoked").GetInt32().ShouldBe(1);

        var call = await fedex.SendAsync(HttpMethod.Post, "/rate/v1/rates/quotes", token, FedExSandbox.Rates(account));
        call.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await FedExSandbox.ErrorCodeAsync(call)).ShouldBe("NOT.AUTHORIZED.ERROR");
        var renewal = await fedex.ChildTokenResponseAsync(keys.Key, keys.Secret);
        renewal.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await FedExSandbox.ErrorCodeAsync(renewal)).ShouldBe("NOT.AUTHORIZED.ERROR");

        // Registering again issues a key that works.
        var again = await fedex.RegisterWithPinAsync(JsonSerializer.SerializeToElement(new { account_number = account }));
        (await fedex.ChildTokenResponseAsync(again.Key, again.Secret)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Expired_tokens_are_refused_and_a_new_token_from_the_same_key_works()
    {
        var time = SandboxClock.StartingMonday();
        var (fedex, sandbox, account, token, keys) = await ConnectedAsync(time);
        await using var host = sandbox;
        await sandbox.ControlAsync(HttpMethod.Post, $"/_control/customers/fedex/{account}/expire-tokens");
        time.Advance(TimeSpan.FromSeconds(1));
        (await fedex.SendAsync(HttpMethod.Post, "/rate/v1/rates/quotes", token, FedExSandbox.Rates(account))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var fresh = await fedex.ChildTokenAsync(keys.Key, keys.Secret);
        (await fedex.SendAsync(HttpMethod.Post, "/rate/v1/rates/quotes", fresh, FedExSandbox.Rates(account))).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_suspended_account_is_refused_until_unsuspended()
    {
        var (fedex, sandbox, account, token, _) = await ConnectedAsync();
        await using var host = sandbox;
        await sandbox.ControlAsync(HttpMethod.Post, $"/_control/customers/fedex/{account}/suspend");
        var refused = await fedex.SendAsync(HttpMethod.Post, "/rate/v1/rates/quotes", token, FedExSandbox.Rates(account));
        refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await FedExSandbox.ErrorCodeAsync(refused)).ShouldBe("ACCOUNT.SUSPENDED.ERROR");
        await sandbox.ControlAsync(HttpMethod.Post, $"/_control/customers/fedex/{account}/unsuspend");
        (await fedex.SendAsync(HttpMethod.Post, "/rate/v1/rates/quotes", token, FedExSandbox.Rates(account))).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_control_API_creates_FedEx_accounts_with_an_invoice_and_counts_their_calls()
    {
        await using var sandbox = await SandboxHost.StartAsync(SandboxClock.StartingMonday());
        var fedex = new FedExSandbox(sandbox);
        var account = await fedex.CreateAccountAsync("invoice");
        account.GetProperty("account_number").GetString()!.Length.ShouldBe(9);
        account.GetProperty("address").GetProperty("postal_code").GetString().ShouldBe("38017");
        account.GetProperty("invoice").GetProperty("date").GetString().ShouldBe("2026-02-18");
        (await sandbox.ControlAsync(HttpMethod.Post, "/_control/customers", new { carrier = "fedex", username = "12345" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await sandbox.ControlAsync(HttpMethod.Post, "/_control/customers", new { carrier = "fedex", mfa = "sms" })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        await fedex.ParentTokenAsync();
        var counters = await (await sandbox.ControlAsync(HttpMethod.Get, "/_control/counters")).Content.ReadFromJsonAsync<JsonElement>();
        counters.GetProperty("fedex").GetProperty("tokens_issued").GetInt64().ShouldBe(1);
        counters.GetProperty("fedex").GetProperty("calls").GetProperty("POST /oauth/token").GetInt64().ShouldBe(1);
        // The seeded demo account is there too.
        (await sandbox.ControlAsync(HttpMethod.Get, "/_control/customers/fedex/602091147")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await (await sandbox.Http.GetAsync("/")).Content.ReadAsStringAsync()).ShouldContain("FedEx.com");
    }

    [Fact]
    public async Task An_injected_fault_answers_in_FedExs_envelope()
    {
        var (fedex, sandbox, account, token, _) = await ConnectedAsync();
        await using var host = sandbox;
        await sandbox.ControlAsync(HttpMethod.Post, "/_control/faults", new { carrier = "fedex", endpoint = "/rate", status = 503 });
        var response = await fedex.SendAsync(HttpMethod.Post, "/rate/v1/rates/quotes", token, FedExSandbox.Rates(account));
        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await FedExSandbox.ErrorCodeAsync(response)).ShouldBe("SERVICE.UNAVAILABLE.ERROR");
    }
}
