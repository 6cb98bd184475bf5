using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shouldly;
using Xunit;

namespace CarrierLink.Tests.Sandbox.Stamps;

public sealed class StampsAuthenticatorTests
{
    private static async Task ShouldBeStale(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().ShouldBe("Bearer");
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
        error.GetProperty("code").GetString().ShouldBe("002b0201");
        error.GetProperty("message").GetString().ShouldBe("Invalid or expired authenticator. Authenticate again.");
    }

    [Fact]
    public async Task Authenticate_answers_an_opaque_authenticator_valid_for_eight_hours_with_the_account_it_belongs_to()
    {
        await using var sandbox = await SandboxHost.StartAsync();

        var response = await new StampsClient(sandbox).AuthenticateAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("authenticator").GetString()!.Length.ShouldBe(43);
        body.GetProperty("expires_in").GetInt32().ShouldBe(28800);
        body.GetProperty("customer_id").GetString().ShouldBe("31415926");
        body.GetProperty("username").GetString().ShouldBe("merchant.stamps");
    }

    [Fact]
    public async Task An_authenticator_opens_the_SERA_API_until_eight_hours_have_passed()
    {
        var time = SandboxClock.StartingMonday();
        await using var sandbox = await SandboxHost.StartAsync(time);
        var stamps = new StampsClient(sandbox);
        var authenticator = await stamps.AuthenticatorAsync();

        (await stamps.RatesAsync(authenticator)).StatusCode.ShouldBe(HttpStatusCode.OK);
        time.Advance(TimeSpan.FromHours(8) - TimeSpan.FromSeconds(1));
        (await stamps.RatesAsync(authenticator)).StatusCode.ShouldBe(HttpStatusCode.OK);
        time.Advance(TimeSpan.FromSeconds(1));

        await ShouldBeStale(await stamps.RatesAsync(authenticator));
    }

    [Fact]
    public async Task Unknown_and_missing_authenticators_get_the_same_stale_answer()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var stamps = new StampsClient(sandbox);

        await ShouldBeStale(await stamps.RatesAsync("not-an-authenticator"));
        await ShouldBeStale(await stamps.SeraAsync(HttpMethod.Post, "/sera/v1/rates", authenticator: null, new { }));
    }

    [Theory]
    [InlineData("merchant.stamps", "wrong-password")]
    [InlineData("nobody.stamps", "Stamps-2026!")]
    public async Task Wrong_credentials_are_401_invalid_credentials_without_saying_which_part_is_wrong(string username, string password)
    {
        await using var sandbox = await SandboxHost.StartAsync();

        var response = await new StampsClient(sandbox).AuthenticateAsync(username, password);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await response.Content.ReadAsStringAsync()).ShouldBe("""{"error":{"code":"invalid_credentials","message":"The username or password is incorrect."}}""");
    }

    [Fact]
    public async Task Authenticate_without_its_fields_or_with_an_integration_id_that_is_not_a_GUID_is_400_invalid_request()
    {
        await using var sandbox = await SandboxHost.StartAsync();

        var missing = await sandbox.Http.PostAsJsonAsync("/swsim/v1/authenticate", new { username = "merchant.stamps" });
        var badId = await sandbox.Http.PostAsJsonAsync("/swsim/v1/authenticate", new { integration_id = "abc", username = "merchant.stamps", password = "Stamps-2026!" });
        var notJson = await sandbox.Http.PostAsync("/swsim/v1/authenticate", new StringContent("{nope", System.Text.Encoding.UTF8, "application/json"));

        missing.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var error = (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
        error.GetProperty("code").GetString().ShouldBe("invalid_request");
        error.GetProperty("message").GetString().ShouldBe("Missing required fields: integration_id, password.");
        badId.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await StampsClient.ErrorCodeAsync(badId)).ShouldBe("invalid_request");
        notJson.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await StampsClient.ErrorCodeAsync(notJson)).ShouldBe("invalid_request");
    }

    [Fact]
    public async Task An_authenticator_stops_working_when_the_password_is_changed_through_the_API()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var stamps = new StampsClient(sandbox);
        var authenticator = await stamps.AuthenticatorAsync();

        (await stamps.ChangePasswordAsync(StampsClient.Password, "Changed-by-api-1")).StatusCode.ShouldBe(HttpStatusCode.OK);

        await ShouldBeStale(await stamps.RatesAsync(authenticator));
        (await stamps.RatesAsync(await stamps.AuthenticatorAsync(password: "Changed-by-api-1"))).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_authenticator_stops_working_when_the_password_is_changed_on_the_Change_Password_page()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var stamps = new StampsClient(sandbox);
        var authenticator = await stamps.AuthenticatorAsync();
        using var browser = sandbox.NewBrowser();
        await StampsSite.LogInToAccountAsync(browser);

        (await StampsSite.ChangePasswordAsync(browser, StampsClient.Password, "Changed-on-page-1")).Status.ShouldBe(HttpStatusCode.SeeOther);

        await ShouldBeStale(await stamps.RatesAsync(authenticator));
        (await stamps.AuthenticateAsync()).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await stamps.AuthenticateAsync(password: "Changed-on-page-1")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_authenticator_stops_working_when_the_password_changes_behind_CarrierLinks_back()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var stamps = new StampsClient(sandbox);
        var authenticator = await stamps.AuthenticatorAsync();

        var changed = await stamps.ControlAsync(HttpMethod.Post, "/_control/customers/stamps/merchant.stamps/password", new { password = "Changed-elsewhere-1" });

        changed.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await changed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("password_version").GetInt32().ShouldBe(1);
        await ShouldBeStale(await stamps.RatesAsync(authenticator));
        (await stamps.AuthenticateAsync()).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await stamps.AuthenticateAsync(password: "Changed-elsewhere-1")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_authenticator_stops_working_after_Forgot_Password_and_the_forced_new_password_works_afterwards()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var stamps = new StampsClient(sandbox);
        var authenticator = await stamps.AuthenticatorAsync();
        using var browser = sandbox.NewBrowser();

        (await StampsSite.AnswerSecurityQuestionsAsync(browser, StampsClient.Username, "rex", "springfield")).Status.ShouldBe(HttpStatusCode.SeeOther);
        await ShouldBeStale(await stamps.RatesAsync(authenticator));

        var temporary = StampsClient.TemporaryPasswordIn((await stamps.MailboxAsync())[0].GetProperty("body").GetString()!);
        var forced = await browser.FollowAsync(await StampsSite.LogInAsync(browser, StampsClient.Username, temporary));
        (await StampsClient.ErrorCodeAsync(await stamps.AuthenticateAsync(password: temporary))).ShouldBe("password_change_required");
        (await browser.SubmitAsync(forced, new() { ["new_password"] = "After-reset-1", ["confirm_password"] = "After-reset-1" })).Status.ShouldBe(HttpStatusCode.SeeOther);

        await ShouldBeStale(await stamps.RatesAsync(authenticator));
        (await stamps.RatesAsync(await stamps.AuthenticatorAsync(password: "After-reset-1"))).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Revoking_ends_every_authenticator_but_the_password_still_authenticates()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var stamps = new StampsClient(sandbox);
        var first = await stamps.AuthenticatorAsync();
        var second = await stamps.AuthenticatorAsync();

        var revoked = await stamps.ControlAsync(HttpMethod.Post, "/_control/customers/stamps/merchant.stamps/revoke");

        revoked.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await revoked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("authenticators_revoked").GetInt32().ShouldBe(2);
        await ShouldBeStale(await stamps.RatesAsync(first));
        await ShouldBeStale(await stamps.RatesAsync(second));
        (await stamps.RatesAsync(await stamps.AuthenticatorAsync())).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Expiring_tokens_ends_the_authenticators_too()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var stamps = new StampsClient(sandbox);
        var authenticator = await stamps.AuthenticatorAsync();

        (await stamps.ControlAsync(HttpMethod.Post, "/_control/customers/stamps/merchant.stamps/expire-tokens")).StatusCode.ShouldBe(HttpStatusCode.OK);

        await ShouldBeStale(await stamps.RatesAsync(authenticator));
    }

    [Fact]
    public async Task A_suspended_account_cannot_authenticate_and_its_authenticators_are_refused_until_it_is_unsuspended()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var stamps = new StampsClient(sandbox);
        var authenticator = await stamps.AuthenticatorAsync();

        await stamps.ControlAsync(HttpMethod.Post, "/_control/customers/stamps/merchant.stamps/suspend");

        var login = await stamps.AuthenticateAsync();
        login.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await StampsClient.ErrorCodeAsync(login)).ShouldBe("account_suspended");
        var call = await stamps.RatesAsync(authenticator);
        call.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await StampsClient.ErrorCodeAsync(call)).ShouldBe("account_suspended");

        await stamps.ControlAsync(HttpMethod.Post, "/_control/customers/stamps/merchant.stamps/unsuspend");
        (await stamps.RatesAsync(authenticator)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Authenticators_issued_count_as_tokens_issued_and_calls_are_counted_by_route()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var stamps = new StampsClient(sandbox);
        var authenticator = await stamps.AuthenticatorAsync();
        await stamps.AuthenticateAsync(password: "wrong");
        await stamps.SeraAsync(HttpMethod.Put, "/sera/v1/labels/abc/void", authenticator);
        await sandbox.Http.GetAsync("/stamps");

        var counters = (await sandbox.Http.GetFromJsonAsync<JsonElement>("/_control/counters")).GetProperty("stamps");

        counters.GetProperty("tokens_issued").GetInt32().ShouldBe(1);
        var calls = counters.GetProperty("calls");
        calls.GetProperty("POST /swsim/v1/authenticate").GetInt32().ShouldBe(2);
        calls.GetProperty("PUT /sera/v1/labels/{label_id}/void").GetInt32().ShouldBe(1);
        calls.EnumerateObject().Count().ShouldBe(2);
    }
}
