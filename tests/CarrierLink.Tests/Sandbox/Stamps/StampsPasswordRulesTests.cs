using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CarrierLink.Sandbox.Stamps.Accounts;
using Shouldly;
using Xunit;

namespace CarrierLink.Tests.Sandbox.Stamps;

public sealed class StampsPasswordRulesTests
{
    private static readonly string SixtyFive = new('x', 65);

    [Theory]
    [InlineData("abcd", "min_length")]
    [InlineData("", "min_length")]
    [InlineData("Stamps-2026!", "previously_used")]
    public async Task The_change_password_API_names_the_rule_a_new_password_breaks(string proposed, string rule)
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var stamps = new StampsClient(sandbox);

        var response = await stamps.ChangePasswordAsync(StampsClient.Password, proposed);

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
        error.GetProperty("code").GetString().ShouldBe("password_rejected");
        error.GetProperty("failed_rules").EnumerateArray().Select(r => r.GetString()).ShouldBe([rule]);
        error.GetProperty("message").GetString().ShouldBe(PasswordRules.Explain(rule));
        (await stamps.AuthenticateAsync()).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_change_password_API_refuses_a_password_longer_than_64_characters_as_max_length()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var stamps = new StampsClient(sandbox);

        var response = await stamps.ChangePasswordAsync(StampsClient.Password, SixtyFive);

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("failed_rules")
            .EnumerateArray().Select(r => r.GetString()).ShouldBe(["max_length"]);
    }

    [Fact]
    public void Five_and_sixty_four_characters_are_the_inclusive_limits()
    {
        PasswordRules.Check("abcde", history: null).ShouldBeEmpty();
        PasswordRules.Check(new string('x', 64), history: null).ShouldBeEmpty();
        PasswordRules.Check("abcd", history: null).ShouldBe(["min_length"]);
        PasswordRules.Check(SixtyFive, history: null).ShouldBe(["max_length"]);
    }

    [Fact]
    public void A_short_reused_password_breaks_both_rules_and_reuse_is_an_exact_match()
    {
        PasswordRules.Check("abc", ["abc", "Other-1"]).ShouldBe(["min_length", "previously_used"]);
        PasswordRules.Check("other-1", ["abc", "Other-1"]).ShouldBeEmpty();
    }

    [Fact]
    public void Characters_are_counted_as_Unicode_characters_not_UTF16_units()
    {
        var fiveEmoji = string.Concat(Enumerable.Repeat("\U0001F4E6", 5));
        fiveEmoji.Length.ShouldBe(10);
        PasswordRules.Check(fiveEmoji, history: null).ShouldBeEmpty();
        PasswordRules.Check(string.Concat(Enumerable.Repeat("\U0001F4E6", 40)), history: null).ShouldBeEmpty();
    }

    [Fact]
    public async Task Every_password_the_account_ever_had_stays_refused()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var stamps = new StampsClient(sandbox);

        (await stamps.ChangePasswordAsync(StampsClient.Password, "Second-pass-1")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await stamps.ChangePasswordAsync("Second-pass-1", "Third-pass-1")).StatusCode.ShouldBe(HttpStatusCode.OK);

        foreach (var old in new[] { StampsClient.Password, "Second-pass-1", "Third-pass-1" })
        {
            var response = await stamps.ChangePasswordAsync("Third-pass-1", old);
            response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
            (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("failed_rules")[0].GetString().ShouldBe("previously_used");
        }
    }

    [Fact]
    public async Task A_successful_change_through_the_API_answers_changed_and_only_the_new_password_authenticates()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var stamps = new StampsClient(sandbox);

        var response = await stamps.ChangePasswordAsync(StampsClient.Password, "Brand new words 7");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("changed").GetBoolean().ShouldBeTrue();
        (await stamps.AuthenticateAsync(password: "Brand new words 7")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var old = await stamps.AuthenticateAsync();
        old.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await StampsClient.ErrorCodeAsync(old)).ShouldBe("invalid_credentials");
    }

    [Fact]
    public async Task A_wrong_current_password_is_401_invalid_credentials_and_changes_nothing()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var stamps = new StampsClient(sandbox);

        var response = await stamps.ChangePasswordAsync("not-the-password", "Brand-new-1");

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
        error.GetProperty("code").GetString().ShouldBe("invalid_credentials");
        error.GetProperty("message").GetString().ShouldBe("The username or password is incorrect.");
        (await stamps.AuthenticateAsync()).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_change_password_call_without_its_fields_is_400_invalid_request()
    {
        await using var sandbox = await SandboxHost.StartAsync();

        var response = await sandbox.Http.PostAsJsonAsync("/swsim/v1/change-password", new { username = StampsClient.Username });

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var error = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
        error.GetProperty("code").GetString().ShouldBe("invalid_request");
        error.GetProperty("message").GetString()!.ShouldContain("current_password");
    }

    [Theory]
    [InlineData("abcd", "Your new password must be at least 5 characters long.")]
    [InlineData("Stamps-2026!", "You have used this password before. Choose a password you have not used on this account.")]
    public async Task The_Change_Password_page_names_the_failed_rule_in_plain_words(string proposed, string message)
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var browser = sandbox.NewBrowser();
        await StampsSite.LogInToAccountAsync(browser);

        var page = await StampsSite.ChangePasswordAsync(browser, StampsClient.Password, proposed);

        page.Status.ShouldBe(HttpStatusCode.OK);
        page.Document.QuerySelector("h1")!.TextContent.ShouldBe("Change Password");
        StampsSite.Error(page).ShouldBe(message);
    }

    [Fact]
    public async Task The_Change_Password_page_refuses_more_than_64_characters_in_plain_words()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var browser = sandbox.NewBrowser();
        await StampsSite.LogInToAccountAsync(browser);

        var page = await StampsSite.ChangePasswordAsync(browser, StampsClient.Password, SixtyFive);

        StampsSite.Error(page).ShouldBe("Your new password must be no more than 64 characters long.");
    }

    [Fact]
    public async Task The_Change_Password_page_has_labelled_fields_and_says_when_the_current_password_is_wrong()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var browser = sandbox.NewBrowser();
        var account = await StampsSite.LogInToAccountAsync(browser);
        var link = account.Document.QuerySelectorAll("a").Single(a => a.TextContent.Trim() == "Change Password");

        var form = await browser.GetAsync(link.GetAttribute("href")!);
        form.Document.QuerySelector("label[for=current_password]")!.TextContent.ShouldBe("Current password");
        form.Document.QuerySelector("label[for=new_password]")!.TextContent.ShouldBe("New password");
        form.Document.QuerySelector("button[type=submit]")!.TextContent.ShouldBe("Change Password");
        form.Text.ShouldContain("5 to 64 characters");
        var page = await browser.SubmitAsync(form, new() { ["current_password"] = "wrong", ["new_password"] = "Brand-new-1" });

        StampsSite.Error(page).ShouldBe("Your current password is incorrect.");
    }

    [Fact]
    public async Task A_successful_change_on_the_page_returns_to_the_account_saying_so_and_history_then_refuses_the_old_one()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var browser = sandbox.NewBrowser();
        await StampsSite.LogInToAccountAsync(browser);

        var changed = await StampsSite.ChangePasswordAsync(browser, StampsClient.Password, "Changed on the page 1");
        changed.Status.ShouldBe(HttpStatusCode.SeeOther);
        changed.Location.ShouldBe("/stamps/account");
        var account = await browser.FollowAsync(changed);
        account.Document.QuerySelector(".notice")!.TextContent.ShouldBe("Your password was changed.");
        (await browser.GetAsync("/stamps/account")).Document.QuerySelector(".notice").ShouldBeNull();

        var back = await StampsSite.ChangePasswordAsync(browser, "Changed on the page 1", StampsClient.Password);
        StampsSite.Error(back).ShouldBe("You have used this password before. Choose a password you have not used on this account.");
    }
}
