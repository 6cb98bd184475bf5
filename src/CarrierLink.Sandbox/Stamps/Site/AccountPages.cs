using System.Globalization;
using CarrierLink.Sandbox.Html;
using CarrierLink.Sandbox.Stamps.Accounts;
using CarrierLink.Sandbox.Stamps.Api;

namespace CarrierLink.Sandbox.Stamps.Site;

/// <summary>The signed-in pages: the account (One Balance), Change Password, and the forced "Set a new password".</summary>
public static class AccountPages
{
    public const string AccountPath = "/stamps/account";
    public const string ChangePasswordPath = "/stamps/change-password";
    public const string SetPasswordPath = "/stamps/set-password";
    public const string PasswordChangedNotice = "Your password was changed.";

    public static void MapStampsAccountPages(this IEndpointRouteBuilder app)
    {
        app.MapGet(AccountPath, Account);
        app.MapGet(ChangePasswordPath, (HttpContext context, StampsSessions sessions) =>
            Gate(context, sessions, forcedChange: false) ?? ChangeForm(context, errors: []));
        app.MapPost(ChangePasswordPath, ChangeAsync);
        app.MapGet(SetPasswordPath, (HttpContext context, StampsSessions sessions) =>
            Gate(context, sessions, forcedChange: true) ?? SetForm(context, errors: []));
        app.MapPost(SetPasswordPath, SetAsync);
    }

    /// <summary>
    /// Where a visitor who may not see this page goes instead: no session → login; a session that must set a new
    /// password → that page and nothing else; a normal session asking for the forced page → the account. Null: stay.
    /// </summary>
    private static IResult? Gate(HttpContext context, StampsSessions sessions, bool forcedChange) => sessions.Current(context) switch
    {
        null => ResultHeaders.SeeOther(StampsPage.Home),
        var (session, _) when session.MustChangePassword && !forcedChange => ResultHeaders.SeeOther(SetPasswordPath),
        var (session, _) when !session.MustChangePassword && forcedChange => ResultHeaders.SeeOther(AccountPath),
        _ => null,
    };

    private static IResult Account(HttpContext context, StampsSessions sessions, SeraStore sera)
    {
        if (Gate(context, sessions, forcedChange: false) is { } elsewhere) return elsewhere;
        var (session, customer) = sessions.Current(context)!.Value;
        var balance = sera.Balance(customer.Username);
        return StampsPage.Render("My Account", SafeHtml.Of($"""
            <div class="card">
            {StampsPage.Notice(sessions.TakeNotice(session))}
            <h1>Welcome, {customer.Username}</h1>
            <h2>One Balance</h2>
            <p class="balance">{balance.ToString("C", CultureInfo.GetCultureInfo("en-US"))}</p>
            <dl>
            <dt>Customer ID</dt><dd>{customer.Stamps?.CustomerId}</dd>
            <dt>Email</dt><dd>{customer.Stamps?.Email}</dd>
            </dl>
            <div class="actions">
            <a class="button secondary" href="{ChangePasswordPath}">Change Password</a>
            <form method="post" action="/stamps/logout">{Forms.AntiforgeryField(context)}<button type="submit" class="secondary">Log Out</button></form>
            </div>
            </div>
            """));
    }

    private static async Task<IResult> ChangeAsync(HttpContext context, StampsSessions sessions, StampsAccounts accounts)
    {
        var form = await Forms.ReadVerifiedFormAsync(context);
        if (form is null) return StampsPage.Expired();
        if (Gate(context, sessions, forcedChange: false) is { } elsewhere) return elsewhere;
        var (session, customer) = sessions.Current(context)!.Value;

        var current = form["current_password"].ToString();
        var proposed = form["new_password"].ToString();
        if (current.Length == 0) return ChangeForm(context, ["Enter your current password."]);

        switch (accounts.Change(customer.Username, current, proposed))
        {
            case PasswordChange.Changed changed:
                sessions.PasswordChanged(session, changed.Customer, PasswordChangedNotice);
                return ResultHeaders.SeeOther(AccountPath);
            case PasswordChange.Rejected rejected:
                return ChangeForm(context, rejected.FailedRules.Select(PasswordRules.Explain).ToList());
            case PasswordChange.LockedOut locked:
                sessions.End(context);
                return LoginPages.LoginForm(context, customer.Username, LoginPages.LockedMessage(locked.Until));
            case PasswordChange.Suspended:
                sessions.End(context);
                return LoginPages.LoginForm(context, customer.Username, LoginPages.SuspendedMessage);
            case PasswordChange.WrongPassword:
                return ChangeForm(context, ["Your current password is incorrect."]);
            default:
                sessions.End(context);
                return LoginPages.LoginForm(context, customer.Username, "Your password was changed somewhere else. Log in again.");
        }
    }

    private static async Task<IResult> SetAsync(HttpContext context, StampsSessions sessions, StampsAccounts accounts)
    {
        var form = await Forms.ReadVerifiedFormAsync(context);
        if (form is null) return StampsPage.Expired();
        if (Gate(context, sessions, forcedChange: true) is { } elsewhere) return elsewhere;
        var (session, customer) = sessions.Current(context)!.Value;

        var proposed = form["new_password"].ToString();
        if (proposed != form["confirm_password"].ToString()) return SetForm(context, ["The two passwords you entered do not match."]);

        switch (accounts.SetPassword(customer.Username, session.PasswordVersion, proposed))
        {
            case PasswordChange.Changed changed:
                sessions.PasswordChanged(session, changed.Customer, PasswordChangedNotice);
                return ResultHeaders.SeeOther(AccountPath);
            case PasswordChange.Rejected rejected:
                return SetForm(context, rejected.FailedRules.Select(PasswordRules.Explain).ToList());
            default:
                sessions.End(context);
                return LoginPages.LoginForm(context, customer.Username, "Your password was changed somewhere else. Log in again.");
        }
    }

    private static SafeHtml Errors(IReadOnlyList<string> errors) => errors.Count == 0
        ? SafeHtml.Empty
        : SafeHtml.Of($"""<div class="error" role="alert">{SafeHtml.Join(errors.Select(e => SafeHtml.Of($"<p style=\"margin:0\">{e}</p>")))}</div>""");

    private static IResult ChangeForm(HttpContext context, IReadOnlyList<string> errors) =>
        StampsPage.Render("Change Password", SafeHtml.Of($"""
            <div class="card">
            <h1>Change Password</h1>
            {Errors(errors)}
            <form method="post" action="{ChangePasswordPath}">
            {Forms.AntiforgeryField(context)}
            <label for="current_password">Current password</label>
            <input type="password" id="current_password" name="current_password" autocomplete="current-password" required>
            <label for="new_password">New password</label>
            <input type="password" id="new_password" name="new_password" autocomplete="new-password" required>
            {StampsPage.Requirements}
            <div class="actions"><button type="submit">Change Password</button> <a href="{AccountPath}">Cancel</a></div>
            </form>
            </div>
            """));

    private static IResult SetForm(HttpContext context, IReadOnlyList<string> errors) =>
        StampsPage.Render("Set a new password", SafeHtml.Of($"""
            <div class="card">
            <h1>Set a new password</h1>
            <p>You logged in with a temporary password. Choose a new password to continue.</p>
            {Errors(errors)}
            <form method="post" action="{SetPasswordPath}">
            {Forms.AntiforgeryField(context)}
            <label for="new_password">New password</label>
            <input type="password" id="new_password" name="new_password" autocomplete="new-password" required>
            <label for="confirm_password">Confirm new password</label>
            <input type="password" id="confirm_password" name="confirm_password" autocomplete="new-password" required>
            {StampsPage.Requirements}
            <div class="actions"><button type="submit">Set Password</button></div>
            </form>
            </div>
            """));
}
