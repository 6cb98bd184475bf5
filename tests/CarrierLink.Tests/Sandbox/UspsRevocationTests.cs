using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Shouldly;
using Xunit;

namespace CarrierLink.Tests.Sandbox;

/// <summary>
/// Revocation as USPS publishes it: refresh tokens end, access tokens (self-contained JWTs) run to their exp.
/// Only the control API's instant revoke, a demo switch, ends access tokens at once.
/// </summary>
public sealed class UspsRevocationTests
{
    public static TheoryData<string> PublishedRevocations => new(["revoke endpoint", "control revoke", "code replay"]);

    /// <summary>Connects merchant.usps, then revokes its grant the way <paramref name="how"/> names.</summary>
    private static async Task<(JsonElement Tokens, UspsApiClient Usps)> ConnectThenRevokeAsync(SandboxHost sandbox, string how)
    {
        var code = await sandbox.AuthorizeAsync();
        var exchanged = await sandbox.ExchangeCodeAsync(code);
        exchanged.EnsureSuccessStatusCode();
        var tokens = await exchanged.Content.ReadFromJsonAsync<JsonElement>();
        var account = await sandbox.Http.GetFromJsonAsync<JsonElement>($"/_control/customers/usps/{SandboxHost.Username}");
        var usps = new UspsApiClient(sandbox, tokens.GetProperty("access_token").GetString()!, account);

        var revoked = how switch
        {
            "revoke endpoint" => await sandbox.Http.SendAsync(RevokeRequest(tokens.GetProperty("refresh_token").GetString()!)),
            "control revoke" => await sandbox.ControlAsync(HttpMethod.Post, $"/_control/customers/usps/{SandboxHost.Username}/revoke"),
            _ => await sandbox.ExchangeCodeAsync(code),
        };
        revoked.StatusCode.ShouldBe(how == "code replay" ? HttpStatusCode.BadRequest : HttpStatusCode.OK);
        return (tokens, usps);
    }

    private static HttpRequestMessage RevokeRequest(string refreshToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/oauth2/v3/revoke")
        {
            Content = JsonContent.Create(new { token = refreshToken, token_type_hint = "refresh_token" }),
        };
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{SandboxHost.ClientId}:{SandboxHost.ClientSecret}"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", basic);
        return request;
    }

    private static async Task ShouldBeRefusedAsExpired(HttpResponseMessage refresh, string refreshToken)
    {
        refresh.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var error = await refresh.Content.ReadFromJsonAsync<JsonElement>();
        error.GetProperty("error").GetString().ShouldBe("invalid_request");
        error.GetProperty("error_description").GetString().ShouldBe(UspsRefreshTokenTests.RefreshExpired);
        error.GetProperty("error_uri").GetString().ShouldBe("https://datatracker.ietf.org/doc/html/rfc7009#section-2.2.1");
        error.GetProperty("refresh_token").GetString().ShouldBe(refreshToken[..4] + "…");
        error.GetProperty("refresh_token_status").GetString().ShouldBe("expired");
    }

    [Theory]
    [MemberData(nameof(PublishedRevocations))]
    public async Task After_a_revocation_the_access_token_still_buys_a_label_and_the_refresh_token_is_refused_with_USPS_body(string how)
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var (tokens, usps) = await ConnectThenRevokeAsync(sandbox, how);

        var tracking = await usps.BuyLabelAsync();

        tracking.ShouldNotBeNullOrEmpty();
        var refreshToken = tokens.GetProperty("refresh_token").GetString()!;
        await ShouldBeRefusedAsExpired(await sandbox.RefreshAsync(refreshToken), refreshToken);
    }

    [Theory]
    [MemberData(nameof(PublishedRevocations))]
    public async Task An_access_token_that_outlives_its_revoked_grant_still_expires_at_its_exp(string how)
    {
        var time = SandboxClock.StartingMonday();
        await using var sandbox = await SandboxHost.StartAsync(time);
        var (_, usps) = await ConnectThenRevokeAsync(sandbox, how);

        time.Advance(TimeSpan.FromSeconds(28798));
        (await sandbox.GetMeAsync(usps.AccessToken)).StatusCode.ShouldBe(HttpStatusCode.OK);
        time.Advance(TimeSpan.FromSeconds(2));

        await UspsAccessTokenTests.ShouldBeUsps401(await sandbox.GetMeAsync(usps.AccessToken), "Access token expired.");
    }

    [Fact]
    public async Task An_instant_control_revoke_refuses_the_access_token_with_401_at_once()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var tokens = await sandbox.ConnectAsync();
        var refreshToken = tokens.GetProperty("refresh_token").GetString()!;

        var revoke = await sandbox.ControlAsync(HttpMethod.Post, "/_control/customers/usps/merchant.usps/revoke?instant=true");

        revoke.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await revoke.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("grants_revoked").GetInt32().ShouldBe(1);
        body.GetProperty("access_tokens_revoked").GetBoolean().ShouldBeTrue();
        var access = tokens.GetProperty("access_token").GetString()!;
        await UspsAccessTokenTests.ShouldBeUsps401(await sandbox.GetMeAsync(access), "Invalid access token.");
        await ShouldBeRefusedAsExpired(await sandbox.RefreshAsync(refreshToken), refreshToken);
    }

    [Fact]
    public async Task An_instant_revoke_after_a_published_one_still_ends_the_access_tokens_left_running()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var (_, usps) = await ConnectThenRevokeAsync(sandbox, "revoke endpoint");

        var instant = await sandbox.ControlAsync(HttpMethod.Post, "/_control/customers/usps/merchant.usps/revoke?instant=true");

        (await instant.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("grants_revoked").GetInt32().ShouldBe(0);
        (await sandbox.GetMeAsync(usps.AccessToken)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_instant_revoke_ends_only_access_tokens_issued_before_it()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        await sandbox.ConnectAsync();
        await sandbox.ControlAsync(HttpMethod.Post, "/_control/customers/usps/merchant.usps/revoke?instant=true");

        var reconnected = await sandbox.ConnectAsync();

        (await sandbox.GetMeAsync(reconnected.GetProperty("access_token").GetString()!)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("")]
    public async Task Instant_must_be_true_or_false(string value)
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var access = (await sandbox.ConnectAsync()).GetProperty("access_token").GetString()!;

        var response = await sandbox.ControlAsync(HttpMethod.Post, $"/_control/customers/usps/merchant.usps/revoke?instant={value}");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await sandbox.GetMeAsync(access)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
