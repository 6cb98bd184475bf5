using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Shouldly;
using Xunit;

namespace CarrierLink.Tests.Sandbox;

public sealed class UspsAccessTokenTests
{
    internal static async Task ShouldBeUsps401(HttpResponseMessage response, string message)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().ShouldBe("Bearer");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("apiVersion").GetString().ShouldBe("/users/v3/");
        body.GetProperty("error").GetProperty("code").GetString().ShouldBe("401");
        body.GetProperty("error").GetProperty("message").GetString().ShouldBe(message);
        var item = body.GetProperty("error").GetProperty("errors")[0];
        item.GetProperty("title").GetString().ShouldBe("invalid_token");
        // The spec's ErrorMessage has source as an object ({parameter, example}), never a string.
        item.GetProperty("source").GetProperty("parameter").GetString().ShouldBe("Authorization");
    }

    [Fact]
    public async Task A_call_without_a_token_gets_the_USPS_401_body()
    {
        await using var sandbox = await SandboxHost.StartAsync();

        var response = await sandbox.Http.GetAsync("/users/v3/me");

        await ShouldBeUsps401(response, "Missing or malformed access token.");
    }

    [Fact]
    public async Task A_token_signed_by_another_sandbox_is_refused()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        await using var other = await SandboxHost.StartAsync();
        var foreign = (await other.ConnectAsync()).GetProperty("access_token").GetString()!;

        await ShouldBeUsps401(await sandbox.GetMeAsync(foreign), "Missing or malformed access token.");
    }

    [Fact]
    public async Task An_access_token_stops_working_when_its_lifetime_is_over()
    {
        var time = SandboxClock.StartingMonday();
        await using var sandbox = await SandboxHost.StartAsync(time);
        var access = (await sandbox.ConnectAsync()).GetProperty("access_token").GetString()!;

        time.Advance(TimeSpan.FromSeconds(28798));
        (await sandbox.GetMeAsync(access)).StatusCode.ShouldBe(HttpStatusCode.OK);
        time.Advance(TimeSpan.FromSeconds(2));

        await ShouldBeUsps401(await sandbox.GetMeAsync(access), "Access token expired.");
    }

    [Fact]
    public async Task Expire_tokens_ends_the_access_token_but_the_refresh_token_still_works()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var tokens = await sandbox.ConnectAsync();

        (await sandbox.ControlAsync(HttpMethod.Post, "/_control/customers/usps/merchant.usps/expire-tokens")).StatusCode.ShouldBe(HttpStatusCode.OK);

        await ShouldBeUsps401(await sandbox.GetMeAsync(tokens.GetProperty("access_token").GetString()!), "Access token expired.");
        var refreshed = await sandbox.RefreshAsync(tokens.GetProperty("refresh_token").GetString()!);
        refreshed.StatusCode.ShouldBe(HttpStatusCode.OK);
        var fresh = (await refreshed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
        (await sandbox.GetMeAsync(fresh)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_control_revoke_ends_the_refresh_token_and_unexchanged_codes_but_not_the_access_token()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var tokens = await sandbox.ConnectAsync();
        var unexchanged = await sandbox.AuthorizeAsync();

        var revoke = await sandbox.ControlAsync(HttpMethod.Post, "/_control/customers/usps/merchant.usps/revoke");

        revoke.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await revoke.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("grants_revoked").GetInt32().ShouldBe(1);
        body.GetProperty("access_tokens_revoked").GetBoolean().ShouldBeFalse();
        (await sandbox.GetMeAsync(tokens.GetProperty("access_token").GetString()!)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var refresh = await sandbox.RefreshAsync(tokens.GetProperty("refresh_token").GetString()!);
        refresh.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await refresh.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("refresh_token_status").GetString().ShouldBe("expired");
        (await sandbox.ExchangeCodeAsync(unexchanged)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task An_instant_revoke_leaves_other_customers_connected()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var mine = await sandbox.ConnectAsync("second.usps");

        await sandbox.ControlAsync(HttpMethod.Post, "/_control/customers/usps/merchant.usps/revoke?instant=true");

        (await sandbox.GetMeAsync(mine.GetProperty("access_token").GetString()!)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_suspended_customer_gets_403_with_the_USPS_envelope_and_unsuspend_restores_it()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var access = (await sandbox.ConnectAsync()).GetProperty("access_token").GetString()!;

        await sandbox.ControlAsync(HttpMethod.Post, "/_control/customers/usps/merchant.usps/suspend");
        var response = await sandbox.GetMeAsync(access);

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("error").GetProperty("code").GetString().ShouldBe("403");
        body.GetProperty("error").GetProperty("message").GetString()!.ShouldContain("suspended");

        await sandbox.ControlAsync(HttpMethod.Post, "/_control/customers/usps/merchant.usps/unsuspend");
        (await sandbox.GetMeAsync(access)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_client_credentials_token_does_not_speak_for_a_customer()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var body = await (await sandbox.TokenAsync(new() { ["grant_type"] = "client_credentials" })).Content.ReadFromJsonAsync<JsonElement>();

        var response = await sandbox.GetMeAsync(body.GetProperty("access_token").GetString()!);

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_garbage_bearer_token_is_malformed()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, "/users/v3/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not.a.jwt");

        await ShouldBeUsps401(await sandbox.Http.SendAsync(request), "Missing or malformed access token.");
    }
}
