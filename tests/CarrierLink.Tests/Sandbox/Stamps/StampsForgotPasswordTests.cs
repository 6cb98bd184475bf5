using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shouldly;
using Xunit;

namespace CarrierLink.Tests.Sandbox.Stamps;

public sealed class StampsForgotPasswordTests
{
    private const string SupportHeading = "Contact Stamps.com Customer Support";

    [Fact]
    public async Task Forgot_Password_end_to_end_from_the_login_page_through_the_inbox_to_a_forced_new_password()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var stamps = new StampsClient(sandbox);
        using var browser = sandbox.NewBrowser();

        // Login page → Forgot Password → Username.
        var login = await browser.GetAsync("/stamps");
        var start = await browser.GetAsync(login.Document.QuerySelectorAll("a").Single(a => a.TextContent.Trim() == "Forgot Password").GetAttribute("href")!);
        start.Document.QuerySelector("h1")!.TextContent.ShouldBe("Forgot Password");
        start.Document.QuerySelector("label[for=username]")!.TextContent.ShouldBe("Username");
        start.Document.QuerySelector("button[type=submit]")!.TextContent.ShouldBe("Continue");

        // The security questions, labelled with their text; answers ignore case and surrounding spaces.
        var questions = await browser.SubmitAsync(start, new() { ["username"] = "merchant.stamps" });
        questions.Status.ShouldBe(HttpStatusCode.OK);
        questions.Document.QuerySelector("label[for=answer1]")!.TextContent.ShouldBe("What was the name of your first pet?");
        questions.Document.QuerySelector("label[for=answer2]")!.TextContent.ShouldBe("In what city were you born?");
        questions.Document.QuerySelector("button[type=submit]")!.TextContent.ShouldBe("Continue");
        var answered = await browser.SubmitAsync(questions, new() { ["answer1"] = " Rex ", ["answer2"] = "SPRINGFIELD" });

        // "We sent you an email" → Open your inbox → the temporary password, readable.
        answered.Status.ShouldBe(HttpStatusCode.SeeOther);
        var sent = await browser.FollowAsync(answered);
        sent.Document.QuerySelector("h1")!.TextContent.ShouldBe("We sent you an email");
        var inbox = await browser.GetAsync(sent.Document.QuerySelectorAll("a").Single(a => a.TextContent.Trim() == "Open your inbox").GetAttribute("href")!);
        inbox.Document.QuerySelector("h1")!.TextContent.ShouldBe("Inbox for merchant.stamps@example.test");
        inbox.Document.QuerySelector(".mail h2")!.TextContent.ShouldBe("Your Stamps.com temporary password");
        var temporary = StampsClient.TemporaryPasswordIn(inbox.Document.QuerySelector(".mail pre")!.TextContent);
        temporary.Length.ShouldBe(10);

        // The old password stopped working the moment the temporary one was issued.
        StampsSite.Error(await StampsSite.LogInAsync(browser, "merchant.stamps", StampsClient.Password)).ShouldBe("The username or password you entered is incorrect.");

        // The temporary password leads straight to "Set a new password", and nothing else opens before it is done.
        var afterTemporary = await StampsSite.LogInAsync(browser, "merchant.stamps", temporary);
        afterTemporary.Location.ShouldBe("/stamps/set-password");
        (await browser.GetAsync("/stamps/account")).Location.ShouldBe("/stamps/set-password");
        (await browser.GetAsync("/stamps/change-password")).Location.ShouldBe("/stamps/set-password");
        var forced = await browser.FollowAsync(afterTemporary);
        forced.Document.QuerySelector("h1")!.TextContent.ShouldBe("Set a new password");
        forced.Document.QuerySelector("label[for=new_password]")!.TextContent.ShouldBe("New password");
        forced.Document.QuerySelector("label[for=confirm_password]")!.TextContent.ShouldBe("Confirm new password");
        forced.Document.QuerySelector("button[type=submit]")!.TextContent.ShouldBe("Set Password");

        // Rules apply, the temporary password itself counts as used, and the two fields must match.
        StampsSite.Error(await browser.SubmitAsync(forced, new() { ["new_password"] = "New-pass-1", ["confirm_password"] = "New-pass-2" }))
            .ShouldBe("The two passwords you entered do not match.");
        StampsSite.Error(await browser.SubmitAsync(forced, new() { ["new_password"] = temporary, ["confirm_password"] = temporary }))
            .ShouldBe("You have used this password before. Choose a password you have not used on this account.");
        StampsSite.Error(await browser.SubmitAsync(forced, new() { ["new_password"] = StampsClient.Password, ["confirm_password"] = StampsClient.Password }))
            .ShouldBe("You have used this password before. Choose a password you have not used on this account.");
        StampsSite.Error(await browser.SubmitAsync(forced, new() { ["new_password"] = "abc", ["confirm_password"] = "abc" }))
            .ShouldBe("Your new password must be at least 5 characters long.");
        var set = await browser.SubmitAsync(forced, new() { ["new_password"] = "Reset and ready 9", ["confirm_password"] = "Reset and ready 9" });

        set.Location.ShouldBe("/stamps/account");
        var account = await browser.FollowAsync(set);
        account.Document.QuerySelector(".notice")!.TextContent.ShouldBe("Your password was changed.");
        account.Document.QuerySelector("h1")!.TextContent.ShouldBe("Welcome, merchant.stamps");

        // Afterwards: the new password logs in, the old one and the temporary one do not.
        using var later = sandbox.NewBrowser();
        await StampsSite.LogInToAccountAsync(later, password: "Reset and ready 9");
        StampsSite.Error(await StampsSite.LogInAsync(later, "merchant.stamps", StampsClient.Password)).ShouldBe("The username or password you entered is incorrect.");
        StampsSite.Error(await StampsSite.LogInAsync(later, "merchant.stamps", temporary)).ShouldBe("The username or password you entered is incorrect.");
        (await stamps.AuthenticateAsync(password: "Reset and ready 9")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await stamps.AuthenticateAsync()).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_temporary_password_works_for_one_login_only()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var temporary = await ResetAsync(sandbox);
        using var first = sandbox.NewBrowser();
        using var second = sandbox.NewBrowser();

        (await StampsSite.LogInAsync(first, "merchant.stamps", temporary)).Location.ShouldBe("/stamps/set-password");
        var again = await StampsSite.LogInAsync(second, "merchant.stamps", temporary);

        StampsSite.Error(again).ShouldBe("This temporary password has expired or has already been used. Use Forgot Password to get a new one.");
    }

    [Fact]
    public async Task A_temporary_password_expires_after_24_hours()
    {
        var time = SandboxClock.StartingMonday();
        await using var sandbox = await SandboxHost.StartAsync(time);
        var temporary = await ResetAsync(sandbox);
        using var browser = sandbox.NewBrowser();

        time.Advance(TimeSpan.FromHours(24));

        StampsSite.Error(await StampsSite.LogInAsync(browser, "merchant.stamps", temporary))!.ShouldContain("has expired");
        (await StampsClient.ErrorCodeAsync(await new StampsClient(sandbox).AuthenticateAsync(password: temporary))).ShouldBe("invalid_credentials");
    }

    [Fact]
    public async Task Authenticating_with_a_temporary_password_asks_for_a_password_change_first_and_the_API_can_make_it()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        var stamps = new StampsClient(sandbox);
        var temporary = await ResetAsync(sandbox);

        var response = await stamps.AuthenticateAsync(password: temporary);

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await StampsClient.ErrorCodeAsync(response)).ShouldBe("password_change_required");
        (await stamps.ChangePasswordAsync(temporary, "Set-through-api-1")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await stamps.AuthenticateAsync(password: "Set-through-api-1")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Three_wrong_answers_lead_to_the_Customer_Support_page_which_stays_for_24_hours()
    {
        var time = SandboxClock.StartingMonday();
        await using var sandbox = await SandboxHost.StartAsync(time);
        var stamps = new StampsClient(sandbox);
        using var browser = sandbox.NewBrowser();

        var first = await StampsSite.AnswerSecurityQuestionsAsync(browser, "merchant.stamps", "fido", "springfield");
        StampsSite.Error(first).ShouldBe("Your answers do not match our records. You have 2 attempts left before you must contact Stamps.com Customer Support.");
        var second = await browser.SubmitAsync(first, new() { ["answer1"] = "rex", ["answer2"] = "shelbyville" });
        StampsSite.Error(second)!.ShouldContain("1 attempt left");
        var third = await browser.SubmitAsync(second, new() { ["answer1"] = "fido", ["answer2"] = "shelbyville" });

        third.Document.QuerySelector("h1")!.TextContent.ShouldBe(SupportHeading);
        third.Text.ShouldContain("cannot be reset online");
        third.Text.ShouldContain("1-800-555-0199");
        third.Document.QuerySelector("form").ShouldBeNull();

        // Across tries (a new browser), even with the right answers, for 24 hours.
        using var later = sandbox.NewBrowser();
        time.Advance(TimeSpan.FromHours(23));
        (await StampsSite.AnswerSecurityQuestionsAsync(later, "merchant.stamps", "rex", "springfield")).Document.QuerySelector("h1")!.TextContent.ShouldBe(SupportHeading);
        (await stamps.MailboxAsync()).GetArrayLength().ShouldBe(0);
        (await stamps.AuthenticateAsync()).StatusCode.ShouldBe(HttpStatusCode.OK);

        time.Advance(TimeSpan.FromHours(1));
        (await StampsSite.AnswerSecurityQuestionsAsync(later, "merchant.stamps", "rex", "springfield")).Location.ShouldStartWith("/stamps/forgot-password/sent");
    }

    [Fact]
    public async Task The_support_page_also_answers_a_questions_form_opened_before_the_block()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var browser = sandbox.NewBrowser();
        var start = await browser.GetAsync("/stamps/forgot-password");
        var openEarlier = await browser.SubmitAsync(start, new() { ["username"] = "merchant.stamps" });
        for (var i = 0; i < 3; i++) await browser.SubmitAsync(openEarlier, new() { ["answer1"] = "x", ["answer2"] = "y" });

        var right = await browser.SubmitAsync(openEarlier, new() { ["answer1"] = "rex", ["answer2"] = "springfield" });

        right.Document.QuerySelector("h1")!.TextContent.ShouldBe(SupportHeading);
    }

    [Fact]
    public async Task An_unknown_username_gets_the_same_pages_as_a_known_one_with_wrong_answers()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var browser = sandbox.NewBrowser();

        var known = await StampsSite.AnswerSecurityQuestionsAsync(browser, "merchant.stamps", "fido", "paris");
        var unknown = await StampsSite.AnswerSecurityQuestionsAsync(browser, "nobody.stamps", "rex", "springfield");

        unknown.Status.ShouldBe(known.Status);
        StampsSite.Error(unknown).ShouldBe(StampsSite.Error(known));
        unknown.Document.QuerySelector("label[for=answer1]")!.TextContent.ShouldBe("What was the name of your first pet?");
        await StampsSite.AnswerSecurityQuestionsAsync(browser, "nobody.stamps", "rex", "springfield");
        (await StampsSite.AnswerSecurityQuestionsAsync(browser, "nobody.stamps", "rex", "springfield")).Document.QuerySelector("h1")!.TextContent.ShouldBe(SupportHeading);
    }

    [Fact]
    public async Task Custom_security_answers_given_at_creation_are_the_ones_asked()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        (await sandbox.ControlAsync(HttpMethod.Post, "/_control/customers",
            new { carrier = "stamps", username = "shop.two", password = "Shop-two-1", security_answers = new[] { "Biscuit", "Lyon" } })).StatusCode.ShouldBe(HttpStatusCode.Created);
        using var browser = sandbox.NewBrowser();

        StampsSite.Error(await StampsSite.AnswerSecurityQuestionsAsync(browser, "shop.two", "rex", "springfield"))!.ShouldContain("do not match");
        (await StampsSite.AnswerSecurityQuestionsAsync(browser, "shop.two", "biscuit", "LYON")).Location.ShouldBe("/stamps/forgot-password/sent?username=shop.two");
    }

    [Fact]
    public async Task The_mailbox_control_endpoint_lists_what_was_sent_newest_first()
    {
        var time = SandboxClock.StartingMonday();
        await using var sandbox = await SandboxHost.StartAsync(time);
        var stamps = new StampsClient(sandbox);
        (await stamps.MailboxAsync()).GetArrayLength().ShouldBe(0);

        var firstTemporary = await ResetAsync(sandbox);
        time.Advance(TimeSpan.FromMinutes(5));
        var secondTemporary = await ResetAsync(sandbox);

        var whole = await sandbox.Http.GetFromJsonAsync<JsonElement>("/_control/mailbox/stamps/merchant.stamps");
        whole.GetProperty("next_cursor").ValueKind.ShouldBe(JsonValueKind.Null);
        var mail = whole.GetProperty("data");
        mail.GetArrayLength().ShouldBe(2);
        mail[0].GetProperty("id").GetString().ShouldNotBeNullOrEmpty();
        mail[0].GetProperty("to").GetString().ShouldBe("merchant.stamps@example.test");
        mail[0].GetProperty("subject").GetString().ShouldBe("Your Stamps.com temporary password");
        mail[0].GetProperty("sent_at").GetDateTimeOffset().ShouldBe(time.GetUtcNow());
        StampsClient.TemporaryPasswordIn(mail[0].GetProperty("body").GetString()!).ShouldBe(secondTemporary);
        StampsClient.TemporaryPasswordIn(mail[1].GetProperty("body").GetString()!).ShouldBe(firstTemporary);
        firstTemporary.ShouldNotBe(secondTemporary);

        (await sandbox.Http.GetAsync("/_control/mailbox/stamps/nobody")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_inbox_of_a_username_without_an_account_is_404_and_an_empty_inbox_says_so()
    {
        await using var sandbox = await SandboxHost.StartAsync();
        using var browser = sandbox.NewBrowser();

        (await browser.GetAsync("/stamps/inbox/nobody")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await browser.GetAsync("/stamps/inbox/merchant.stamps")).Text.ShouldContain("No messages.");
    }

    /// <summary>Runs Forgot Password with the right answers and returns the temporary password from the mailbox.</summary>
    private static async Task<string> ResetAsync(SandboxHost sandbox)
    {
        using var browser = sandbox.NewBrowser();
        (await StampsSite.AnswerSecurityQuestionsAsync(browser, "merchant.stamps", "rex", "springfield")).Status.ShouldBe(HttpStatusCode.SeeOther);
        var mail = await new StampsClient(sandbox).MailboxAsync();
        return StampsClient.TemporaryPasswordIn(mail[0].GetProperty("body").GetString()!);
    }
}
