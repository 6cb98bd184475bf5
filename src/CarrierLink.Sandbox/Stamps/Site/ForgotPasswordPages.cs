using System.Globalization;
using CarrierLink.Sandbox.Html;
using CarrierLink.Sandbox.Stamps.Accounts;

namespace CarrierLink.Sandbox.Stamps.Site;

/// <summary>
/// Forgot Password: username → the two security questions → an email with a temporary password. A username without an
/// account goes through the same pages and gets the same "answers do not match", so the pages never tell whether it exists.
/// Three wrong attempts for a username send it to Customer Support for 24 hours.
/// </summary>
public static class ForgotPasswordPages
{
    public const string StartPath = "/stamps/forgot-password";
    public const string AnswersPath = "/stamps/forgot-password/answers";
    public const string SentPath = "/stamps/forgot-password/sent";
    public const string ContactSupportHeading = "Contact Stamps.com Customer Support";

    public static void MapStampsForgotPasswordPages(this IEndpointRouteBuilder app)
    {
        app.MapGet(StartPath, (HttpContext context) => UsernameForm(context, username: null, error: null));
        app.MapPost(StartPath, UsernameAsync);
        app.MapPost(AnswersPath, AnswersAsync);
        app.MapGet(SentPath, (string? username) => string.IsNullOrWhiteSpace(username) ? ResultHeaders.SeeOther(StartPath) : Sent(username.Trim()));
    }

    private static async Task<IResult> UsernameAsync(HttpContext context, ForgotPasswordAttempts attempts)
    {
        var form = await Forms.ReadVerifiedFormAsync(context);
        if (form is null) return StampsPage.Expired();
        var username = form["username"].ToString().Trim();
        if (username.Length is 0 or > 64) return UsernameForm(context, username, "Enter your Stamps.com username.");
        if (attempts.BlockedUntil(username) is { } until) return ContactSupport(until);
        return QuestionsForm(context, username, error: null);
    }

    private static async Task<IResult> AnswersAsync(HttpContext context, ForgotPasswordAttempts attempts, StampsAccounts accounts)
    {
        var form = await Forms.ReadVerifiedFormAsync(context);
        if (form is null) return StampsPage.Expired();
        var username = form["username"].ToString().Trim();
        if (username.Length is 0 or > 64) return ResultHeaders.SeeOther(StartPath);
        if (attempts.BlockedUntil(username) is { } blocked) return ContactSupport(blocked);

        string?[] answers = [.. StampsSecurityQuestions.Questions.Select((_, i) => (string?)form[$"answer{i + 1}"].ToString())];
        if (answers.Any(string.IsNullOrWhiteSpace)) return QuestionsForm(context, username, "Answer both security questions.");

        var customer = accounts.Find(username);
        if (customer is not null && StampsSecurityQuestions.Match(customer.SecurityAnswers, answers))
        {
            attempts.Succeeded(username);
            accounts.IssueTemporaryPassword(customer.Username);
            return ResultHeaders.SeeOther($"{SentPath}?username={Uri.EscapeDataString(customer.Username)}");
        }

        var left = attempts.Failed(username);
        if (left == 0 && attempts.BlockedUntil(username) is { } until) return ContactSupport(until);
        return QuestionsForm(context, username,
            $"Your answers do not match our records. You have {left} {(left == 1 ? "attempt" : "attempts")} left before you must contact Stamps.com Customer Support.");
    }

    private static IResult UsernameForm(HttpContext context, string? username, string? error) =>
        StampsPage.Render("Forgot Password", SafeHtml.Of($"""
            <div class="card">
            <h1>Forgot Password</h1>
            <p>Enter your Stamps.com username. We will ask your security questions, then email you a temporary password.</p>
            {Layout.ErrorBox(error)}
            <form method="post" action="{StartPath}">
            {Forms.AntiforgeryField(context)}
            <label for="username">Username</label>
            <input type="text" id="username" name="username" value="{username}" autocomplete="username" autocapitalize="none" maxlength="64" required>
            <div class="actions"><button type="submit">Continue</button> <a href="/stamps">Back to Log In</a></div>
            </form>
            </div>
            """));

    private static IResult QuestionsForm(HttpContext context, string username, string? error)
    {
        var questions = StampsSecurityQuestions.Questions.Select((question, i) => SafeHtml.Of($"""
            <label for="answer{i + 1}">{question}</label>
            <input type="text" id="answer{i + 1}" name="answer{i + 1}" autocomplete="off" maxlength="100" required>
            """));
        return StampsPage.Render("Forgot Password", SafeHtml.Of($"""
            <div class="card">
            <h1>Answer your security questions</h1>
            <p>Username: <strong>{username}</strong></p>
            {Layout.ErrorBox(error)}
            <form method="post" action="{AnswersPath}">
            {Forms.AntiforgeryField(context)}
            <input type="hidden" name="username" value="{username}">
            {SafeHtml.Join(questions)}
            <div class="actions"><button type="submit">Continue</button></div>
            </form>
            <p class="note">If you do not know the answers to your security questions, contact Stamps.com Customer Support at {StampsPage.SupportLine}.</p>
            </div>
            """));
    }

    private static IResult Sent(string username) => StampsPage.Render("We sent you an email", SafeHtml.Of($"""
        <div class="card">
        <h1>We sent you an email</h1>
        <p>We sent an email with a temporary password to the email address on your Stamps.com account. Your previous password no longer works.</p>
        <p>Log in with the temporary password within 24 hours; you will be asked to choose a new password right away.</p>
        <div class="actions"><a class="button" href="/stamps/inbox/{Uri.EscapeDataString(username)}">Open your inbox</a> <a href="/stamps">Log In</a></div>
        </div>
        """));

    private static IResult ContactSupport(DateTimeOffset until) => StampsPage.Render(ContactSupportHeading, SafeHtml.Of($"""
        <div class="card">
        <h1>{ContactSupportHeading}</h1>
        <div class="error" role="alert">Your password cannot be reset online because the security questions were answered incorrectly {ForgotPasswordAttempts.MaxWrongAttempts} times.</div>
        <p>Please contact Stamps.com Customer Support to reset your password.</p>
        <ul class="plain">
        <li>Phone: {StampsPage.SupportLine} (Monday to Friday, 6 a.m. to 6 p.m. Pacific Time)</li>
        <li>Online: the Contact Us page of the Stamps.com support center</li>
        </ul>
        <p class="note">Online password reset for this username is available again after {until.UtcDateTime.ToString("HH:mm 'UTC on' d MMMM yyyy", CultureInfo.InvariantCulture)}.</p>
        <p><a href="/stamps">Back to Log In</a></p>
        </div>
        """), StatusCodes.Status403Forbidden);
}
