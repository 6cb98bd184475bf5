using System.Globalization;
using CarrierLink.Sandbox.Customers;
using CarrierLink.Sandbox.Html;
using CarrierLink.Sandbox.Stamps.Accounts;

namespace CarrierLink.Sandbox.Stamps.Site;

/// <summary>The Stamps.com login page (/stamps) and log out. A temporary password leads straight to "Set a new password".</summary>
public static class LoginPages
{
    public const string WrongCredentials = "The username or password you entered is incorrect.";

    public static void MapStampsLoginPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/stamps", (HttpContext context) => LoginForm(context, username: null, error: null));
        app.MapGet("/stamps/login", (HttpContext context) => LoginForm(context, username: null, error: null));
        app.MapPost("/stamps/login", LogInAsync);
        app.MapPost("/stamps/logout", async (HttpContext context, StampsSessions sessions) =>
        {
            if (await Forms.ReadVerifiedFormAsync(context) is null) return StampsPage.Expired();
            sessions.End(context);
            return ResultHeaders.SeeOther(StampsPage.Home);
        });
    }

    private static async Task<IResult> LogInAsync(HttpContext context, StampsAccounts accounts, StampsSessions sessions)
    {
        var form = await Forms.ReadVerifiedFormAsync(context);
        if (form is null) return StampsPage.Expired();

        var username = form["username"].ToString().Trim();
        var password = form["password"].ToString();
        if (username.Length == 0 || password.Length == 0) return LoginForm(context, username, "Enter your username and password.");

        switch (accounts.SignIn(username, password, consumeTemporary: true))
        {
            case StampsSignIn.SignedIn signedIn:
                sessions.Start(context, signedIn.Customer, mustChangePassword: false);
                return ResultHeaders.SeeOther(AccountPages.AccountPath);
            case StampsSignIn.MustChangePassword temporary:
                sessions.Start(context, temporary.Customer, mustChangePassword: true);
                return ResultHeaders.SeeOther(AccountPages.SetPasswordPath);
            case StampsSignIn.TemporaryPasswordUnusable:
                return LoginForm(context, username, "This temporary password has expired or has already been used. Use Forgot Password to get a new one.");
            case StampsSignIn.LockedOut locked:
                return LoginForm(context, username, LockedMessage(locked.Until));
            case StampsSignIn.Suspended:
                return LoginForm(context, username, SuspendedMessage);
            default:
                return LoginForm(context, username, WrongCredentials);
        }
    }

    public const string SuspendedMessage = $"This Stamps.com account is suspended. Contact Stamps.com Customer Support at {StampsPage.SupportLine}.";

    public static string LockedMessage(DateTimeOffset until) =>
        $"Your account is locked because of {CustomerStore.MaxFailedSignIns} unsuccessful login attempts. " +
        $"You can try again after {until.UtcDateTime.ToString("HH:mm 'UTC on' d MMMM yyyy", CultureInfo.InvariantCulture)}.";

    public static IResult LoginForm(HttpContext context, string? username, string? error, string? notice = null) =>
        StampsPage.Render("Log In", SafeHtml.Of($"""
            <div class="card">
            <h1>Log in to Stamps.com</h1>
            {StampsPage.Notice(notice)}
            {Layout.ErrorBox(error)}
            <form method="post" action="/stamps/login">
            {Forms.AntiforgeryField(context)}
            <label for="username">Username</label>
            <input type="text" id="username" name="username" value="{username}" autocomplete="username" autocapitalize="none" maxlength="64" required>
            <label for="password">Password</label>
            <input type="password" id="password" name="password" autocomplete="current-password" required>
            <div class="actions"><button type="submit">Log In</button> <a href="/stamps/forgot-password">Forgot Password</a></div>
            </form>
            <p class="note">One Balance postage for USPS and UPS labels.</p>
            </div>
            """));
}
