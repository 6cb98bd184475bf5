using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CarrierLink.Sandbox.Control;
using Microsoft.AspNetCore.Http;
using Shouldly;
using Xunit;

namespace CarrierLink.Tests.Sandbox;

public sealed class ControlApiTests
{
    [Fact]
    public async Task Creating_a_USPS_customer_returns_its_ids_and_it_can_sign_in()
    {
        await using var sandbox = await SandboxHost.StartAsync();

        var response = await sandbox.ControlAsync(HttpMethod.Post, "/_control/customers", new { carrier = "usps", username = "new.usps", password = "Secret-123" });

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("crid").GetString()!.Length.ShouldBe(8);
        body.GetProperty("mid").GetString()!.Length.ShouldBe(9);
        body.GetProperty("manifest_mid").GetString()!.Length.ShouldBe(9);
        body.GetProperty("account_number").GetString()!.Length.ShouldBe(10);
        body.TryGetProperty("password", out _).ShouldBeFalse();

        var code = await sandbox.AuthorizeAsync("new.usps", "Secret-123");
        var tokens = await (await sandbox.ExchangeCodeAsync(code)).Content.ReadFromJsonAsync<JsonElement>();
        var me = await (await sandbox.GetMeAsync(tokens.GetProperty("access_token").GetString()!)).Content.ReadFromJsonAsync<JsonElement>();
        me.GetProperty("crid").GetString().ShouldBe(body.GetProperty("crid").GetString());
    }

    [Fact]
    public async Task Creating_an_existing_customer_is_a_409()
    {
        await using var sandbox = await SandboxHost.StartAsync();

        var response = await sandbox.ControlAsync(HttpMethod.Post, "/_control/customers", new { carrier = "usps", username = "merchant.usps", password = "x" });

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task Bad_customer_input_is_a_400_problem_naming_the_fields()
    {
        await using var sandbox = await SandboxHost.StartAsync();

        var response = await sandbox.ControlAsync(HttpMethod.Post, "/_control/customers", new { carrier = "dhl", username = "x" });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("type").GetString().ShouldBe("validation");
        var errors = problem.GetProperty("errors");
        errors.TryGetProperty("carrier", out _).ShouldBeTrue();
        errors.TryGetProperty("username", out _).ShouldBeTrue();
        errors.TryGetProperty("password", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task Malformed_JSON_is_a_400_problem()
    {
        await using var sandbox = await SandboxHost.StartAsync();

        var response = await sandbox.Http.PostAsync("/_control/customers", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task The_customer_list_shows_the_seeded_customers_without_passwords()
    {
        await using var sandbox = await SandboxHost.StartAsync();

        var json = await sandbox.Http.GetStringAsync("/_control/customers");

        var data = JsonDocument.Parse(json).RootElement.GetProperty("data");
        data.EnumerateArray().Select(c => c.GetProperty("username").GetString()).ShouldBe(["602091147", "merchant.stamps", "merchant.ups", "merchant.usps", "second.usps", "unnamed.usps"]);
        json.ShouldNotContain("Ship-it-2026");
        json.ShouldNotContain("Stamps-2026!");
    }

    [Fact]
    public async Task Seeding_can_be_turned_off()
    {
        await using var sandbox = await SandboxHost.StartAsync("--Sandbox:Seed=false");

        var data = (await sandbox.Http.GetFromJsonAsync<JsonElement>("/_control/customers")).GetProperty("data");

        data.GetArrayLength().ShouldBe(0);
    }

    [Theory]
    [InlineData("revoke")]
    [InlineData("expire-tokens")]
    [InlineData("suspend")]
    [InlineData("unsuspend")]
    public async Task Actions_on_an_unknown_customer_are_404(string action)
    {
        await using var sandbox = await SandboxHost.StartAsync();

        (await sandbox.ControlAsync(HttpMethod.Post, $"/_control/customers/usps/nobody/{action}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_password_changed_behind_CarrierLinks_back_is_the_one_USPS_com_accepts()
    {
        await using var sandbox = await SandboxHost.StartAsync();

        (await sandbox.ControlAsync(HttpMethod.Post, "/_control/customers/usps/merchant.usps/password", new { password = "Changed-2026" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        using var browser = sandbox.NewBrowser();
        var page = await browser.GetAsync("/usps/sign-in");
        (await browser.SubmitAsync(page, new() { ["username"] = "merchant.usps", ["password"] = "Ship-it-2026" })).Text.ShouldContain("incorrect");
        page = await browser.GetAsync("/usps/sign-in");
        (await browser.SubmitAsync(page, new() { ["username"] = "merchant.usps", ["password"] = "Changed-2026" })).Text.ShouldContain("Your USPS business account");
    }

    [Fact]
    public async Task Settings_reject_impossible_lifetimes()
    {
        await using var sandbox = await SandboxHost.StartAsync();

        var response = await sandbox.ControlAsync(HttpMethod.Put, "/_control/settings/usps", new { access_token_seconds = 0 });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Counters_count_calls_per_route_and_reset()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        await sandbox.Http.GetAsync("/users/v3/me");
        await sandbox.TokenAsync(new() { ["grant_type"] = "client_credentials" });
        await sandbox.Http.GetAsync("/usps");

        var counters = await sandbox.CountersAsync();
        counters.GetProperty("calls").GetProperty("GET /users/v3/me").GetInt32().ShouldBe(1);
        counters.GetProperty("calls").GetProperty("POST /oauth2/v3/token").GetInt32().ShouldBe(1);
        counters.GetProperty("calls").EnumerateObject().Count().ShouldBe(2);

        (await sandbox.ControlAsync(HttpMethod.Delete, "/_control/counters")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var reset = await sandbox.CountersAsync();
        reset.GetProperty("tokens_issued").GetInt32().ShouldBe(0);
        reset.GetProperty("calls").EnumerateObject().ShouldBeEmpty();
    }

    [Fact]
    public async Task The_mailbox_of_a_USPS_customer_is_empty()
    {
        await using var sandbox = await SandboxHost.StartAsync();

        var mailbox = await sandbox.Http.GetFromJsonAsync<JsonElement>("/_control/mailbox/usps/merchant.usps");

        mailbox.GetProperty("data").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task With_a_control_key_configured_the_control_API_requires_it()
    {
        await using var sandbox = await SandboxHost.StartAsync("--Sandbox:ControlKey=let-me-in");

        var without = await sandbox.Http.GetAsync("/_control/counters");
        var wrong = new HttpRequestMessage(HttpMethod.Get, "/_control/counters");
        wrong.Headers.Add("X-Control-Key", "guess");
        var right = new HttpRequestMessage(HttpMethod.Get, "/_control/counters");
        right.Headers.Add("X-Control-Key", "let-me-in");

        without.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        without.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await sandbox.Http.SendAsync(wrong)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await sandbox.Http.SendAsync(right)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public void Without_a_key_only_loopback_callers_are_allowed()
    {
        var remote = new DefaultHttpContext();
        remote.Connection.RemoteIpAddress = IPAddress.Parse("10.1.2.3");
        var loopback = new DefaultHttpContext();
        loopback.Connection.RemoteIpAddress = IPAddress.Parse("::ffff:127.0.0.1");

        ControlAccess.IsAllowed(remote, controlKey: null).ShouldBeFalse();
        ControlAccess.IsAllowed(loopback, controlKey: null).ShouldBeTrue();
        ControlAccess.IsAllowed(new DefaultHttpContext(), controlKey: null).ShouldBeFalse();
    }

    [Fact]
    public async Task Two_sandboxes_in_one_process_do_not_share_state()
    {
        await using var first = await SandboxHost.StartAsync();
        await using var second = await SandboxHost.StartAsync();

        await first.ControlAsync(HttpMethod.Post, "/_control/customers", new { carrier = "usps", username = "only.first", password = "p4ssword" });
        await first.TokenAsync(new() { ["grant_type"] = "client_credentials" });

        (await second.ControlAsync(HttpMethod.Post, "/_control/customers/usps/only.first/suspend")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await second.CountersAsync()).GetProperty("tokens_issued").GetInt32().ShouldBe(0);
    }
}
