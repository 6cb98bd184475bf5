using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Shouldly;
using Xunit;

namespace CarrierLink.Tests.Sandbox;

public sealed class UspsRevokeEndpointTests(SharedSandbox shared) : IClassFixture<SharedSandbox>
{
    private static HttpRequestMessage Revoke(string token, string secret = SandboxHost.ClientSecret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/oauth2/v3/revoke")
        {
            Content = JsonContent.Create(new { token, token_type_hint = "refresh_token" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{SandboxHost.ClientId}:{secret}")));
        return request;
    }

    [Fact]
    public async Task Revoking_a_refresh_token_ends_it_with_an_empty_200_and_leaves_the_access_token_to_its_exp()
    {
        var sandbox = shared.Host;
        var tokens = await sandbox.ConnectAsync();
        var refresh = tokens.GetProperty("refresh_token").GetString()!;

        var response = await sandbox.Http.SendAsync(Revoke(refresh));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldBeEmpty();
        (await sandbox.RefreshAsync(refresh)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await sandbox.GetMeAsync(tokens.GetProperty("access_token").GetString()!)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_revocation_sent_as_an_RFC_7009_form_body_is_honoured_too()
    {
        var sandbox = shared.Host;
        var tokens = await sandbox.ConnectAsync();
        var refresh = tokens.GetProperty("refresh_token").GetString()!;
        using var request = Revoke(refresh);
        request.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = refresh, ["token_type_hint"] = "refresh_token" });

        (await sandbox.Http.SendAsync(request)).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await sandbox.RefreshAsync(refresh)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Revoking_an_access_token_is_a_no_op()
    {
        var sandbox = shared.Host;
        var tokens = await sandbox.ConnectAsync();
        var access = tokens.GetProperty("access_token").GetString()!;

        (await sandbox.Http.SendAsync(Revoke(access))).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await sandbox.GetMeAsync(access)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await sandbox.RefreshAsync(tokens.GetProperty("refresh_token").GetString()!)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Revoking_an_unknown_token_is_still_200()
    {
        var sandbox = shared.Host;

        (await sandbox.Http.SendAsync(Revoke("never-issued"))).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Revoking_with_a_wrong_client_secret_is_invalid_client()
    {
        var sandbox = shared.Host;
        var refresh = (await sandbox.ConnectAsync()).GetProperty("refresh_token").GetString()!;

        var response = await sandbox.Http.SendAsync(Revoke(refresh, secret: "wrong"));

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString().ShouldBe("invalid_client");
        (await sandbox.RefreshAsync(refresh)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
