using System.Globalization;
using CarrierLink.Sandbox.Customers;
using CarrierLink.Sandbox.Html;
using CarrierLink.Sandbox.Ups.Oauth;
using CarrierLink.Sandbox.Usps.Oauth;
using Microsoft.AspNetCore.WebUtilities;

namespace CarrierLink.Sandbox.Ups.Site;

/// <summary>
/// UPS.com's home and log-in (/ups/lasso/signin, where /security/v1/oauth/authorize sends the person). Logging in
/// during an authorization leads to the consent page; logging in on its own shows the login's UPS accounts.
/// </summary>
public static class UpsLoginPages
{
    public const string WrongCredentials = "Your username or password is incorrect.";

    public static void MapUpsLoginPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/ups", () => UpsPage.Render("Welcome", SafeHtml.Of($"""
            <div class="card">
            <h1>Welcome to UPS.com</h1>
            <p>Log in to see your UPS accounts (shipper numbers) and the applications you have allowed to use them.</p>
            <p>Shipping applications send you here to allow them to ship with your UPS accounts.</p>
            <div class="actions"><a class="button" href="{UpsAuthorizeEndpoint.SignInPath}">Log In</a></div>
            </div>
            """)));
        app.MapGet(UpsAuthorizeEndpoint.SignInPath, (HttpContext context, string? request, [FromKeyedServices(Carriers.Ups)] AuthorizationRequests requests) =>
            request is null ? LoginForm(context, null, null, null)
            : requests.Find(request) is { } open ? LoginForm(context, open, null, null)
            : UpsPage.Expired());
        app.MapPost(UpsAuthorizeEndpoint.SignInPath, LogInAsync);
    }

    private static async Task<IResult> LogInAsync(HttpContext context, [FromKeyedServices(Carriers.Ups)] AuthorizationRequests requests,
        CustomerStore customers, UpsGrants grants, OauthClients clients)
    {
        var form = await Forms.ReadVerifiedFormAsync(context);
        if (form is null) return UpsPage.Expired();
        AuthorizationRequest? request = null;
        if (form["request"].ToString() is { Length: > 0 } requestId && (request = requests.Find(requestId)) is null) return UpsPage.Expired();

        var username = form["username"].ToString().Trim();
        return customers.SignIn(Carriers.Ups, username, form["password"].ToString()) switch
        {
            SignInResult.WrongCredentials => LoginForm(context, request, username, WrongCredentials),
            SignInResult.LockedOut locked => LoginForm(context, request, username,
                $"Your account is locked after {CustomerStore.MaxFailedSignIns} unsuccessful attempts. Try again after " +
                $"{locked.Until.UtcDateTime.ToString("HH:mm 'UTC on' d MMMM yyyy", CultureInfo.InvariantCulture)}."),
            SignInResult.Suspended => LoginForm(context, request, username,
                "Your UPS account is suspended, so it cannot log in or allow applications. Contact UPS Customer Service."),
            SignInResult.SignedIn signedIn when request is null => AccountPage(signedIn.Customer, grants, clients),
            SignInResult.SignedIn signedIn => requests.Update(request.Id, r => r with { Username = signedIn.Customer.Username }) is null
                ? UpsPage.Expired()
                : ResultHeaders.SeeOther(QueryHelpers.AddQueryString(UpsConsentPages.Path, "request", request.Id)),
            _ => throw new InvalidOperationException("Unknown sign-in result."),
        };
    }

    private static IResult LoginForm(HttpContext context, AuthorizationRequest? request, string? username, string? error)
    {
        var intro = request is null
            ? SafeHtml.Empty
            : SafeHtml.Of($"<p><strong>{request.PlatformName}</strong> wants to use your UPS account. Log in to continue.</p>");
        var requestField = request is null ? SafeHtml.Empty : SafeHtml.Of($"""<input type="hidden" name="request" value="{request.Id}">""");
        return UpsPage.Render("Log In", SafeHtml.Of($"""
            <div class="card">
            <h1>Log in to UPS.com</h1>
            {intro}
            {Layout.ErrorBox(error)}
            <form method="post" action="{UpsAuthorizeEndpoint.SignInPath}">
            {Forms.AntiforgeryField(context)}
            {requestField}
            <label for="username">Username</label>
            <input type="text" id="username" name="username" value="{username}" autocomplete="username" autocapitalize="none" required>
            <label for="password">Password</label>
            <input type="password" id="password" name="password" autocomplete="current-password" required>
            <div class="actions"><button type="submit">Log In</button></div>
            </form>
            </div>
            """));
    }

    private static IResult AccountPage(Customer customer, UpsGrants grants, OauthClients clients)
    {
        var accounts = (customer.Ups?.ShipperNumbers ?? []).Select(n => SafeHtml.Of($"<li>{n}</li>"));
        var allowed = grants.ActiveFor(customer.Username).Select(g => clients.Find(g.ClientId)?.Name ?? g.ClientId)
            .Distinct(StringComparer.Ordinal).Select(name => SafeHtml.Of($"<li>{name}</li>")).ToList();
        return UpsPage.Render("Your accounts", SafeHtml.Of($"""
            <div class="card">
            <h1>Your UPS accounts</h1>
            <p>Logged in as <strong>{customer.Username}</strong>.</p>
            <ul>{SafeHtml.Join(accounts)}</ul>
            <h2>Allowed applications</h2>
            {(allowed.Count == 0 ? SafeHtml.Of($"<p>No application is allowed.</p>") : SafeHtml.Of($"<ul>{SafeHtml.Join(allowed)}</ul>"))}
            </div>
            """));
    }
}
