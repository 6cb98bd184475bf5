using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shouldly;
using Xunit;

namespace CarrierLink.Tests.Sandbox.Stamps;

public sealed class StampsControlTests
{
    [Fact]
    public async Task Creating_a_Stamps_customer_returns_its_customer_id_and_email_and_it_can_authenticate()
    {
        await using var sandbox = await SandboxHost.StartAsync();

        var response = await sandbox.ControlAsync(HttpMethod.Post, "/_control/customers", new { carrier = "stamps", username = "new.stamps", password = "New-stamps-1" });

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        response.Headers.Location!.OriginalString.ShouldBe("/_control/customers/stamps/new.stamps");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("carrier").GetString().ShouldBe("stamps");
        body.GetProperty("username").GetString().ShouldBe("new.stamps");
        body.GetProperty("customer_id").GetString()!.Length.ShouldBe(8);
        body.GetProperty("email").GetString().ShouldBe("new.stamps@example.test");
        body.TryGetProperty("password", out _).ShouldBeFalse();
        body.TryGetProperty("crid", out _).ShouldBeFalse();

        var authenticated = await new StampsClient(sandbox).AuthenticateAsync("new.stamps", "New-stamps-1");
        (await authenticated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("customer_id").GetString().ShouldBe(body.GetProperty("customer_id").GetString());
    }

    [Fact]
    public async Task The_initial_password_starts_the_history()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        await sandbox.ControlAsync(HttpMethod.Post, "/_control/customers", new { carrier = "stamps", username = "new.stamps", password = "New-stamps-1" });
        var stamps = new StampsClient(sandbox);

        var response = await stamps.ChangePasswordAsync("New-stamps-1", "New-stamps-1", "new.stamps");

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Creating_an_existing_Stamps_customer_is_a_409()
    {
        await using var sandbox = await SandboxHost.StartAsync();

        var response = await sandbox.ControlAsync(HttpMethod.Post, "/_control/customers", new { carrier = "stamps", username = "MERCHANT.stamps", password = "Whatever-1" });

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Theory]
    [InlineData("abcd", null, "password")]
    [InlineData("Long-enough-1", new[] { "only one" }, "security_answers")]
    [InlineData("Long-enough-1", new[] { "rex", " " }, "security_answers")]
    [InlineData("Long-enough-1", new[] { "a", "b", "c" }, "security_answers")]
    public async Task A_Stamps_customer_with_a_password_breaking_the_rules_or_bad_security_answers_is_a_400(string password, string[]? answers, string field)
    {
        await using var sandbox = await SandboxHost.StartAsync();

        var response = await sandbox.ControlAsync(HttpMethod.Post, "/_control/customers", new { carrier = "stamps", username = "bad.stamps", password, security_answers = answers });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        errors.EnumerateObject().Select(e => e.Name).ShouldBe([field]);
        (await sandbox.Http.GetAsync("/_control/customers/stamps/bad.stamps")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_control_password_change_must_be_5_to_64_characters_but_may_set_an_old_password_again()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var stamps = new StampsClient(sandbox);
        const string Path = "/_control/customers/stamps/merchant.stamps/password";

        var tooShort = await sandbox.ControlAsync(HttpMethod.Post, Path, new { password = "abcd" });
        var tooLong = await sandbox.ControlAsync(HttpMethod.Post, Path, new { password = new string('x', 65) });
        (await sandbox.ControlAsync(HttpMethod.Post, Path, new { password = "Elsewhere-1" })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var old = await sandbox.ControlAsync(HttpMethod.Post, Path, new { password = StampsClient.Password });

        tooShort.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await tooShort.Content.ReadAsStringAsync()).ShouldContain("at least 5 characters");
        tooLong.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        old.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await old.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("password_version").GetInt32().ShouldBe(2);
        (await stamps.AuthenticateAsync()).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await stamps.AuthenticateAsync(password: "Elsewhere-1")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_customer_view_says_when_a_temporary_password_must_be_replaced()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var browser = sandbox.NewBrowser();

        await StampsSite.AnswerSecurityQuestionsAsync(browser, "merchant.stamps", "rex", "springfield");

        var view = await sandbox.Http.GetFromJsonAsync<JsonElement>("/_control/customers/stamps/merchant.stamps");
        view.GetProperty("password_change_required").GetBoolean().ShouldBeTrue();
        view.GetProperty("password_version").GetInt32().ShouldBe(1);
    }

    [Theory]
    [InlineData("revoke")]
    [InlineData("expire-tokens")]
    [InlineData("suspend")]
    [InlineData("password")]
    public async Task Actions_on_an_unknown_Stamps_customer_are_404(string action)
    {
        await using var sandbox = await SandboxHost.StartAsync();

        (await sandbox.ControlAsync(HttpMethod.Post, $"/_control/customers/stamps/nobody/{action}", new { password = "Whatever-1" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_503_fault_on_sera_answers_in_the_Stamps_error_shape_and_leaves_authenticate_alone()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var stamps = new StampsClient(sandbox);
        var fault = await sandbox.ControlAsync(HttpMethod.Post, "/_control/faults", new { carrier = "stamps", endpoint = "/sera", status = 503 });
        fault.StatusCode.ShouldBe(HttpStatusCode.Created);

        var authenticator = await stamps.AuthenticatorAsync();
        var rates = await stamps.RatesAsync(authenticator);

        rates.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await StampsClient.ErrorCodeAsync(rates)).ShouldBe("server_error");
        var calls = (await sandbox.Http.GetFromJsonAsync<JsonElement>("/_control/counters")).GetProperty("stamps").GetProperty("calls");
        calls.GetProperty("POST /sera/v1/rates").GetInt32().ShouldBe(1);

        await sandbox.ControlAsync(HttpMethod.Delete, "/_control/faults");
        (await stamps.RatesAsync(authenticator)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_429_fault_on_sera_carries_Retry_After()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var stamps = new StampsClient(sandbox);
        await sandbox.ControlAsync(HttpMethod.Post, "/_control/faults", new { carrier = "stamps", endpoint = "POST /sera/v1/labels", status = 429 });
        var authenticator = await stamps.AuthenticatorAsync();

        var response = await stamps.BuyLabelAsync(authenticator);

        response.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(1));
        (await StampsClient.ErrorCodeAsync(response)).ShouldBe("rate_limit_exceeded");
        (await stamps.RatesAsync(authenticator)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_label_bought_while_its_answer_is_dropped_is_found_again_by_replaying_its_Idempotency_Key()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var stamps = new StampsClient(sandbox);
        var authenticator = await stamps.AuthenticatorAsync();
        var added = await (await sandbox.ControlAsync(HttpMethod.Post, "/_control/faults",
            new { carrier = "stamps", endpoint = "POST /sera/v1/labels", drop = true, after = true })).Content.ReadFromJsonAsync<JsonElement>();
        var key = Guid.NewGuid().ToString();

        await Should.ThrowAsync<HttpRequestException>(() => stamps.BuyLabelAsync(authenticator, idempotencyKey: key));
        await sandbox.ControlAsync(HttpMethod.Delete, $"/_control/faults/{added.GetProperty("id").GetString()}");
        var retry = await stamps.BuyLabelAsync(authenticator, idempotencyKey: key);

        retry.StatusCode.ShouldBe(HttpStatusCode.Created);
        retry.Headers.GetValues("Idempotent-Replayed").Single().ShouldBe("true");
        (await sandbox.Http.GetFromJsonAsync<JsonElement>("/_control/customers/stamps/merchant.stamps/labels")).GetProperty("data").GetArrayLength().ShouldBe(1);
    }

    [Fact]
    public async Task A_malformed_fault_on_swsim_answers_200_with_a_body_that_is_not_JSON()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        await sandbox.ControlAsync(HttpMethod.Post, "/_control/faults", new { carrier = "stamps", endpoint = "/swsim", malformed = true });

        var response = await new StampsClient(sandbox).AuthenticateAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        Should.Throw<JsonException>(() => JsonDocument.Parse(response.Content.ReadAsStringAsync().Result));
    }
}
