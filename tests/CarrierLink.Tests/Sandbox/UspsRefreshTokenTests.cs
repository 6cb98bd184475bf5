using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shouldly;
using Xunit;

namespace CarrierLink.Tests.Sandbox;

public sealed class UspsRefreshTokenTests
{
    internal const string RefreshExpired = "refresh_token_expired: Check the value of the refresh token. It may be missing, have expired or have been revoked.";

    /// <summary>USPS's published invalidRefreshTokenResponse: a token that was never issued.</summary>
    internal const string RefreshNotFound = "Invalid Refresh Token: Check the value of the refresh token. It may be missing, have expired or have been revoked.";

    [Fact]
    public async Task A_refresh_rotates_the_refresh_token_and_the_old_one_is_refused_with_the_USPS_body()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var first = await sandbox.ConnectAsync();
        var oldRefresh = first.GetProperty("refresh_token").GetString()!;

        var refreshed = await sandbox.RefreshAsync(oldRefresh);
        refreshed.StatusCode.ShouldBe(HttpStatusCode.OK);
        var second = await refreshed.Content.ReadFromJsonAsync<JsonElement>();
        second.GetProperty("refresh_token").GetString().ShouldNotBe(oldRefresh);
        second.GetProperty("refresh_count").GetInt32().ShouldBe(1);
        (await sandbox.GetMeAsync(second.GetProperty("access_token").GetString()!)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var replay = await sandbox.RefreshAsync(oldRefresh);

        replay.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var error = await replay.Content.ReadFromJsonAsync<JsonElement>();
        error.GetProperty("error").GetString().ShouldBe("invalid_request");
        error.GetProperty("error_description").GetString().ShouldBe(RefreshExpired);
        error.GetProperty("error_uri").GetString().ShouldBe("https://datatracker.ietf.org/doc/html/rfc7009#section-2.2.1");
        error.GetProperty("refresh_token").GetString().ShouldBe(oldRefresh[..4] + "…");
        error.GetProperty("refresh_token_status").GetString().ShouldBe("expired");
        (await replay.Content.ReadAsStringAsync()).ShouldNotContain(oldRefresh);

        var counters = await sandbox.CountersAsync();
        counters.GetProperty("refreshes").GetInt32().ShouldBe(1);
        counters.GetProperty("refresh_rejected").GetInt32().ShouldBe(1);
        counters.GetProperty("tokens_issued").GetInt32().ShouldBe(2);
        counters.GetProperty("calls").GetProperty("POST /oauth2/v3/token").GetInt32().ShouldBe(3);
    }

    [Fact]
    public async Task Only_one_of_two_concurrent_refreshes_with_the_same_token_wins()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var refresh = (await sandbox.ConnectAsync()).GetProperty("refresh_token").GetString()!;

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => sandbox.RefreshAsync(refresh)));

        results.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(1);
    }

    [Fact]
    public async Task An_unknown_refresh_token_is_reported_as_not_found()
    {
        await using var sandbox = await SandboxHost.StartAsync();

        var response = await sandbox.RefreshAsync("not-a-token-we-issued");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var error = await response.Content.ReadFromJsonAsync<JsonElement>();
        error.GetProperty("error_description").GetString().ShouldBe(RefreshNotFound);
        error.GetProperty("refresh_token_status").GetString().ShouldBe("Not Found");
        error.GetProperty("refresh_token").GetString().ShouldBe("not-…");
    }

    [Fact]
    public async Task Refreshing_keeps_the_original_seven_day_window()
    {
        var time = SandboxClock.StartingMonday();
        await using var sandbox = await SandboxHost.StartAsync(time);
        var refresh = (await sandbox.ConnectAsync()).GetProperty("refresh_token").GetString()!;

        time.Advance(TimeSpan.FromDays(6));
        var response = await sandbox.RefreshAsync(refresh);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("refresh_token_expires_in").GetInt32().ShouldBe(604799 - (6 * 86400));

        time.Advance(TimeSpan.FromDays(1));
        var expired = await sandbox.RefreshAsync(body.GetProperty("refresh_token").GetString()!);

        expired.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await expired.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("refresh_token_status").GetString().ShouldBe("expired");
    }

    [Fact]
    public async Task Without_rotation_the_same_refresh_token_keeps_working()
    {
        await using var sandbox = await SandboxHost.StartAsync("--Sandbox:Usps:RotateRefreshTokens=false");
        var refresh = (await sandbox.ConnectAsync()).GetProperty("refresh_token").GetString()!;

        var first = await (await sandbox.RefreshAsync(refresh)).Content.ReadFromJsonAsync<JsonElement>();
        var second = await sandbox.RefreshAsync(refresh);

        first.GetProperty("refresh_token").GetString().ShouldBe(refresh);
        second.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("refresh_count").GetInt32().ShouldBe(2);
    }

    [Fact]
    public async Task Lifetimes_changed_through_the_control_API_apply_to_new_tokens()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var settings = await sandbox.ControlAsync(HttpMethod.Put, "/_control/settings/usps", new { access_token_seconds = 60, refresh_token_seconds = 120, rotate_refresh_tokens = false });
        settings.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await settings.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token_seconds").GetInt32().ShouldBe(60);

        var tokens = await sandbox.ConnectAsync();

        tokens.GetProperty("expires_in").GetInt32().ShouldBe(60);
        tokens.GetProperty("refresh_token_expires_in").GetInt32().ShouldBe(120);
        var refreshed = await (await sandbox.RefreshAsync(tokens.GetProperty("refresh_token").GetString()!)).Content.ReadFromJsonAsync<JsonElement>();
        refreshed.GetProperty("refresh_token").GetString().ShouldBe(tokens.GetProperty("refresh_token").GetString());
    }
}
