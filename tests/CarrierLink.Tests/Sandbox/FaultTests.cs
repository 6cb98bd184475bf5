using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shouldly;
using Xunit;

namespace CarrierLink.Tests.Sandbox;

public sealed class FaultTests
{
    private static Task<HttpResponseMessage> ClientCredentials(SandboxHost sandbox) =>
        sandbox.TokenAsync(new() { ["grant_type"] = "client_credentials" });

    private static async Task AddFault(SandboxHost sandbox, object fault)
    {
        var response = await sandbox.ControlAsync(HttpMethod.Post, "/_control/faults", fault);
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString().ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task A_503_fault_answers_every_matching_call_until_faults_are_cleared()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        await AddFault(sandbox, new { carrier = "usps", status = 503, rate = 1.0 });

        (await ClientCredentials(sandbox)).StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        var api = await sandbox.Http.GetAsync("/users/v3/me");
        api.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await api.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("code").GetString().ShouldBe("503");

        (await sandbox.ControlAsync(HttpMethod.Delete, "/_control/faults")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await ClientCredentials(sandbox)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_429_fault_carries_Retry_After_and_SpikeArrestViolation()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        await AddFault(sandbox, new { carrier = "usps", status = 429, rate = 1.0 });

        var response = await ClientCredentials(sandbox);

        response.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(1));
        (await response.Content.ReadAsStringAsync()).ShouldContain("SpikeArrestViolation");
    }

    [Fact]
    public async Task A_malformed_fault_answers_200_with_a_body_that_is_not_JSON()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        await AddFault(sandbox, new { carrier = "usps", malformed = true, rate = 1.0 });

        var response = await ClientCredentials(sandbox);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var text = await response.Content.ReadAsStringAsync();
        Should.Throw<JsonException>(() => JsonDocument.Parse(text));
    }

    [Fact]
    public async Task A_drop_fault_cuts_the_connection()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        await AddFault(sandbox, new { carrier = "usps", drop = true, rate = 1.0 });

        await Should.ThrowAsync<HttpRequestException>(() => ClientCredentials(sandbox));
    }

    [Fact]
    public async Task A_delay_fault_slows_the_call_and_then_lets_it_through()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        await AddFault(sandbox, new { carrier = "usps", delay_ms = 300, rate = 1.0 });
        var started = System.Diagnostics.Stopwatch.StartNew();

        var response = await ClientCredentials(sandbox);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        started.ElapsedMilliseconds.ShouldBeGreaterThanOrEqualTo(290);
    }

    [Fact]
    public async Task An_endpoint_filter_limits_the_fault_to_that_endpoint()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        await AddFault(sandbox, new { carrier = "usps", endpoint = "GET /users/v3/me", status = 500, rate = 1.0 });

        (await sandbox.Http.GetAsync("/users/v3/me")).StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        (await ClientCredentials(sandbox)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Faults_never_touch_the_pages_or_the_control_API()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        await AddFault(sandbox, new { carrier = "usps", status = 503, rate = 1.0 });

        (await sandbox.Http.GetAsync("/usps")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await sandbox.Http.GetAsync(SandboxHost.CopNavigatorUrl())).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await sandbox.Http.GetAsync("/_control/counters")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_seeded_fault_rate_fails_a_reproducible_share_of_calls()
    {
        async Task<int[]> Run()
        {
            await using var sandbox = await SandboxHost.StartAsync("--Sandbox:FaultSeed=42");
            await AddFault(sandbox, new { carrier = "usps", status = 503, rate = 0.5 });
            var statuses = new List<int>();
            for (var i = 0; i < 20; i++) statuses.Add((int)(await ClientCredentials(sandbox)).StatusCode);
            return [.. statuses];
        }

        var first = await Run();
        var second = await Run();

        first.ShouldBe(second);
        first.Count(s => s == 503).ShouldBeInRange(3, 17);
    }

    [Fact]
    public async Task An_oauth_error_fault_refuses_good_refresh_tokens_until_it_is_removed()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var refreshToken = (await sandbox.ConnectAsync()).GetProperty("refresh_token").GetString()!;
        await AddFault(sandbox, new { carrier = "usps", endpoint = "POST /oauth2/v3/token", error = "invalid_grant" });

        var refused = await sandbox.RefreshAsync(refreshToken);

        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString().ShouldBe("invalid_grant");
        (await sandbox.ControlAsync(HttpMethod.Delete, "/_control/faults")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await sandbox.RefreshAsync(refreshToken)).StatusCode.ShouldBe(HttpStatusCode.OK, "the refused refresh never reached the grant");
    }

    [Fact]
    public async Task An_oauth_error_fault_is_for_usps_only_and_takes_an_error_code()
    {
        await using var sandbox = await SandboxHost.StartAsync();

        var stamps = await sandbox.ControlAsync(HttpMethod.Post, "/_control/faults", new { carrier = "stamps", error = "invalid_grant" });
        var notACode = await sandbox.ControlAsync(HttpMethod.Post, "/_control/faults", new { carrier = "usps", error = "Not a code!" });

        stamps.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        notACode.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_fault_that_says_nothing_goes_wrong_is_refused()
    {
        await using var sandbox = await SandboxHost.StartAsync();

        var response = await sandbox.ControlAsync(HttpMethod.Post, "/_control/faults", new { carrier = "usps", rate = 1.0 });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}
