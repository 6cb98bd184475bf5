using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Shouldly;

namespace CarrierLink.Tests.Sandbox;

/// <summary>UPS OAuth as OAuthAuthCode.yaml publishes it: authorize, UPS.com log-in and consent, token, refresh.</summary>
public sealed class UpsOAuthTests
{
    [Fact]
    public async Task Authorize_redirects_to_the_UPS_login_in_the_published_format_and_Allow_returns_a_code_with_the_state()
    {
        await using var host = await SandboxHost.StartAsync();
        using var browser = host.NewBrowser();

        var redirect = await browser.GetAsync(UpsSandbox.AuthorizeUrl(state: "s-1"));
        redirect.Status.ShouldBe(HttpStatusCode.Redirect);
        var login = QueryHelpers.ParseQuery(new Uri(new Uri("http://x"), redirect.Location).Query);
        login["client_id"].ToString().ShouldBe(SandboxHost.ClientId);
        login["redirect_uri"].ToString().ShouldBe(UpsSandbox.RedirectUri);
        login["response_type"].ToString().ShouldBe("code");
        login["state"].ToString().ShouldBe("s-1");
        login["type"].ToString().ShouldBe("ups_com_api");
        redirect.Response.Headers.GetValues("displayname").Single().ShouldBe("CarrierLink");

        var consent = await UpsSandbox.ConsentAsync(browser, UpsSandbox.AuthorizeUrl(state: "s-1"));
        consent.Text.ShouldContain("Allow CarrierLink to use your UPS account?");
        foreach (var number in UpsSandbox.ShipperNumbers) consent.Text.ShouldContain(number);

        var back = await browser.SubmitAsync(consent, button: ("decision", "allow"));
        back.Status.ShouldBe(HttpStatusCode.SeeOther);
        var query = QueryHelpers.ParseQuery(new Uri(back.Location!).Query);
        query["state"].ToString().ShouldBe("s-1");
        query["code"].ToString().ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task Declining_returns_access_denied_with_the_state_and_no_code()
    {
        await using var host = await SandboxHost.StartAsync();
        using var browser = host.NewBrowser();
        var consent = await UpsSandbox.ConsentAsync(browser, UpsSandbox.AuthorizeUrl(state: "s-no"));

        var back = await browser.SubmitAsync(consent, button: ("decision", "decline"));

        back.Location.ShouldBe($"{UpsSandbox.RedirectUri}?error=access_denied&state=s-no");
    }

    [Fact]
    public async Task A_wrong_password_stays_on_the_login_page_and_an_unregistered_redirect_uri_is_never_followed()
    {
        await using var host = await SandboxHost.StartAsync();
        using var browser = host.NewBrowser();
        var login = await browser.FollowAsync(await browser.GetAsync(UpsSandbox.AuthorizeUrl()));
        var wrong = await browser.SubmitAsync(login, new() { ["username"] = UpsSandbox.Username, ["password"] = "nope" });
        wrong.Status.ShouldBe(HttpStatusCode.OK);
        wrong.Document.QuerySelector(".error")!.TextContent.ShouldBe("Your username or password is incorrect.");

        var foreign = await host.Http.GetAsync(UpsSandbox.AuthorizeUrl(redirectUri: "https://evil.example/cb"));
        foreign.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        foreign.Headers.Location.ShouldBeNull();
        (await UpsSandbox.ErrorAsync(foreign)).Code.ShouldBe("10401");
        (await UpsSandbox.ErrorAsync(await host.Http.GetAsync(UpsSandbox.AuthorizeUrl(clientId: "unknown")))).Code.ShouldBe("10401");
    }

    [Fact]
    public async Task The_token_response_has_UPS_field_names_and_every_value_is_a_string()
    {
        await using var host = await SandboxHost.StartAsync();
        var tokens = await new UpsSandbox(host).ConnectAsync();

        tokens.EnumerateObject().Select(p => p.Name).Order().ShouldBe(new[]
        {
            "access_token", "client_id", "expires_in", "issued_at", "refresh_count", "refresh_token", "refresh_token_expires_in",
            "refresh_token_issued_at", "refresh_token_status", "status", "token_type",
        }.Order());
        tokens.EnumerateObject().ShouldAllBe(p => p.Value.ValueKind == JsonValueKind.String);
        tokens.GetProperty("expires_in").GetString().ShouldBe("14399");
        tokens.GetProperty("refresh_token_expires_in").GetString().ShouldBe("5183999");
        tokens.GetProperty("token_type").GetString().ShouldBe("Bearer");
        tokens.GetProperty("status").GetString().ShouldBe("approved");
        tokens.GetProperty("refresh_count").GetString().ShouldBe("0");
    }

    [Fact]
    public async Task A_code_is_exchanged_once_and_a_wrong_client_secret_is_10401()
    {
        await using var host = await SandboxHost.StartAsync();
        var ups = new UpsSandbox(host);
        var code = (await ups.AuthorizeAsync())["code"];

        var badSecret = await ups.PostFormAsync("/security/v1/oauth/token",
            new() { ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = UpsSandbox.RedirectUri }, UpsSandbox.Basic(secret: "wrong"));
        badSecret.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await UpsSandbox.ErrorAsync(badSecret)).Code.ShouldBe("10401");

        (await ups.ExchangeAsync(code)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var again = await ups.ExchangeAsync(code);
        again.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await UpsSandbox.ErrorAsync(again)).Code.ShouldBe("10400");
    }

    [Fact]
    public async Task With_PKCE_the_code_is_exchanged_with_client_id_and_code_verifier_and_no_Basic_header()
    {
        await using var host = await SandboxHost.StartAsync();
        var ups = new UpsSandbox(host);
        var (verifier, challenge) = SandboxHost.NewPkce();

        var wrongVerifier = await ups.ExchangeAsync((await ups.AuthorizeAsync(codeChallenge: challenge))["code"], SandboxHost.NewPkce().Verifier);
        wrongVerifier.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await UpsSandbox.ErrorAsync(wrongVerifier)).Code.ShouldBe("10400");

        var exchanged = await ups.ExchangeAsync((await ups.AuthorizeAsync(codeChallenge: challenge))["code"], verifier);
        exchanged.StatusCode.ShouldBe(HttpStatusCode.OK, await exchanged.Content.ReadAsStringAsync());

        // A code issued without a challenge cannot be redeemed by someone who sends no client secret.
        var noChallenge = await ups.ExchangeAsync((await ups.AuthorizeAsync())["code"], verifier);
        noChallenge.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_refresh_returns_a_new_pair_and_the_spent_refresh_token_is_refused_with_10400()
    {
        await using var host = await SandboxHost.StartAsync();
        var ups = new UpsSandbox(host);
        var first = (await ups.ConnectAsync()).GetProperty("refresh_token").GetString()!;

        var refreshed = await ups.RefreshAsync(first);
        refreshed.StatusCode.ShouldBe(HttpStatusCode.OK);
        var pair = await refreshed.Content.ReadFromJsonAsync<JsonElement>();
        pair.GetProperty("refresh_token").GetString().ShouldNotBe(first);
        pair.GetProperty("refresh_count").GetString().ShouldBe("1");

        var replay = await ups.RefreshAsync(first);
        replay.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await UpsSandbox.ErrorAsync(replay)).Code.ShouldBe("10400");
        (await ups.RefreshAsync(pair.GetProperty("refresh_token").GetString()!)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var withoutBasic = await ups.PostFormAsync("/security/v1/oauth/refresh", new() { ["grant_type"] = "refresh_token", ["refresh_token"] = "x" }, basic: null);
        withoutBasic.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await UpsSandbox.ErrorAsync(withoutBasic)).Code.ShouldBe("10401");
    }

    [Fact]
    public async Task After_the_login_removes_the_app_refresh_is_10400_and_API_calls_are_250002()
    {
        await using var host = await SandboxHost.StartAsync();
        var ups = new UpsSandbox(host);
        var tokens = await ups.ConnectAsync();
        var access = tokens.GetProperty("access_token").GetString()!;
        (await ups.CallAsync(HttpMethod.Post, "/api/rating/v2409/Rate", access, UpsSandbox.RateRequest("A1B2C3"))).StatusCode.ShouldBe(HttpStatusCode.OK);

        var revoked = await host.ControlAsync(HttpMethod.Post, "/_control/customers/ups/merchant.ups/revoke");
        revoked.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await revoked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("grants_revoked").GetInt32().ShouldBe(1);

        var refresh = await ups.RefreshAsync(tokens.GetProperty("refresh_token").GetString()!);
        refresh.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await UpsSandbox.ErrorAsync(refresh)).Code.ShouldBe("10400");
        var call = await ups.CallAsync(HttpMethod.Post, "/api/rating/v2409/Rate", access, UpsSandbox.RateRequest("A1B2C3"));
        call.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await UpsSandbox.ErrorAsync(call)).ShouldBe(("250002", "Invalid Authentication Information."));
    }

    [Fact]
    public async Task Token_lifetimes_come_from_Sandbox_Ups_and_the_control_API_changes_them()
    {
        await using var host = await SandboxHost.StartAsync("--Sandbox:Ups:AccessTokenSeconds=600");
        var ups = new UpsSandbox(host);
        (await ups.ConnectAsync()).GetProperty("expires_in").GetString().ShouldBe("600");

        (await host.ControlAsync(HttpMethod.Put, "/_control/settings/ups", new { access_token_seconds = 120, refresh_token_seconds = 3600 })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var tokens = await ups.ConnectAsync();
        tokens.GetProperty("expires_in").GetString().ShouldBe("120");
        tokens.GetProperty("refresh_token_expires_in").GetString().ShouldBe("3600");
        (await host.ControlAsync(HttpMethod.Put, "/_control/settings/ups", new { access_token_seconds = 0 })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task An_access_token_past_expires_in_is_refused_with_250002()
    {
        var clock = SandboxClock.StartingMonday();
        await using var host = await SandboxHost.StartAsync(clock);
        var ups = new UpsSandbox(host);
        var access = await ups.AccessTokenAsync();

        clock.Advance(TimeSpan.FromSeconds(14399));

        var call = await ups.CallAsync(HttpMethod.Post, "/api/rating/v2409/Rate", access, UpsSandbox.RateRequest("A1B2C3"));
        call.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await UpsSandbox.ErrorAsync(call)).Code.ShouldBe("250002");
    }
}
