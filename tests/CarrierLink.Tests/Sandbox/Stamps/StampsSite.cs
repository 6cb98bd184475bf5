using System.Net;
using Shouldly;

namespace CarrierLink.Tests.Sandbox.Stamps;

/// <summary>A person on the sandbox Stamps.com, clicking through pages in a browser without JavaScript.</summary>
public static class StampsSite
{
    public static async Task<Page> LogInAsync(SandboxBrowser browser, string username, string password)
    {
        var login = await browser.GetAsync("/stamps");
        return await browser.SubmitAsync(login, new() { ["username"] = username, ["password"] = password });
    }

    /// <summary>Logs in and follows to the account page (the log-in must succeed).</summary>
    public static async Task<Page> LogInToAccountAsync(SandboxBrowser browser, string username = StampsClient.Username, string password = StampsClient.Password)
    {
        var afterLogin = await LogInAsync(browser, username, password);
        afterLogin.Status.ShouldBe(HttpStatusCode.SeeOther, afterLogin.Text);
        afterLogin.Location.ShouldBe("/stamps/account");
        return await browser.FollowAsync(afterLogin);
    }

    public static async Task<Page> ChangePasswordAsync(SandboxBrowser browser, string current, string proposed)
    {
        var form = await browser.GetAsync("/stamps/change-password");
        form.Status.ShouldBe(HttpStatusCode.OK);
        return await browser.SubmitAsync(form, new() { ["current_password"] = current, ["new_password"] = proposed });
    }

    /// <summary>Forgot Password up to the answers: returns the page after "Continue" on the questions.</summary>
    public static async Task<Page> AnswerSecurityQuestionsAsync(SandboxBrowser browser, string username, string firstPet, string birthCity)
    {
        var start = await browser.GetAsync("/stamps/forgot-password");
        var questions = await browser.SubmitAsync(start, new() { ["username"] = username });
        if (questions.Document.QuerySelector("input#answer1") is null) return questions;
        return await browser.SubmitAsync(questions, new() { ["answer1"] = firstPet, ["answer2"] = birthCity });
    }

    public static string? Error(Page page) => page.Document.QuerySelector(".error")?.TextContent.Trim();
}
