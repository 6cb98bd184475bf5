using System.Globalization;
using CarrierLink.Sandbox.Customers;
using CarrierLink.Sandbox.Html;
using CarrierLink.Sandbox.Usps.Oauth;

namespace CarrierLink.Sandbox.Usps.Site;

/// <summary>
/// The entry point USPS gives platforms (Customer Onboarding Portal, /cop-navigator) and the USPS.com sign-in.
/// A bad link is answered with a page here, never with a redirect: only a registered redirect_uri is ever followed.
/// </summary>
public static class SignInPages
{
    public const string WrongCredentials = "The username or password you entered is incorrect.";

    public static void MapUspsSignInPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/cop-navigator", StartAuthorization);
        app.MapGet("/usps/sign-in", (HttpContext context) => SignInForm(context, request: null, username: null, error: null));
        app.MapPost("/usps/sign-in", SignInAsync);
    }

    private static IResult StartAuthorization(HttpContext context, OauthClients clients, AuthorizationRequests requests)
    {
        var query = context.Request.Query;
        var client = clients.Find(query["client_id"]);
        var redirectUri = query["redirect_uri"].ToString();
        var state = query["state"].ToString();
        var challenge = query["code_challenge"].ToString();
        var challengeMethod = query["code_challenge_method"].ToString();
        var responseType = query["response_type"].ToString();

        var problem =
            query["wf"] != "apis_merchant_user" ? "This link does not start a workflow USPS.com knows (wf must be apis_merchant_user)."
            // USPS's link names no response_type; a platform speaking plain OAuth 2.0 sends code, the only one this portal answers.
            : responseType.Length > 0 && responseType != "code" ? "Only response_type=code is supported."
            : client is null ? "The platform that sent you here is not registered with USPS (unknown client_id)."
            : !client.IsRegistered(redirectUri) ? $"The return address (redirect_uri) is not registered for {client.Name}. For your safety you were not sent back to it."
            : state.Length == 0 ? "The request from the platform is missing its state parameter."
            : challenge.Length > 0 && challengeMethod != "S256" ? "Only code_challenge_method=S256 is supported."
            : challenge.Length is > 0 and (< 43 or > 128) ? "The code_challenge is not a valid S256 challenge."
            : challenge.Length == 0 && challengeMethod.Length > 0 ? "code_challenge_method was sent without a code_challenge."
            : null;
        if (problem is not null) return UspsPage.Problem("We can't continue with this request", problem);

        // `scope` is accepted and ignored: the grant covers what the platform's USPS app registration allows.
        // `reauth` is accepted and ignored: this portal always asks for the password, which is what reauth=true asks for.
        var platform = query["platform"].ToString().Trim();
        var request = requests.Start(client!, redirectUri, state, platform.Length is > 0 and <= 100 ? platform : client!.Name, challenge.Length > 0 ? challenge : null);
        return SignInForm(context, request, username: null, error: null);
    }

    private static async Task<IResult> SignInAsync(HttpContext context, AuthorizationRequests requests, CustomerStore customers, UspsGrants grants, OauthClients clients)
    {
        var form = await Forms.ReadVerifiedFormAsync(context);
        if (form is null) return UspsPage.Expired();

        AuthorizationRequest? request = null;
        if (form["request"].ToString() is { Length: > 0 } requestId)
        {
            request = requests.Find(requestId);
            if (request is null) return UspsPage.Expired();
        }

        var username = form["username"].ToString().Trim();
        return customers.SignIn(Carriers.Usps, username, form["password"].ToString()) switch
        {
            SignInResult.WrongCredentials => SignInForm(context, request, username, WrongCredentials),
            SignInResult.LockedOut locked => SignInForm(context, request, username,
                $"This account is locked because of {CustomerStore.MaxFailedSignIns} unsuccessful sign-in attempts. " +
                $"You can try again after {locked.Until.UtcDateTime.ToString("HH:mm 'UTC on' d MMMM yyyy", CultureInfo.InvariantCulture)}."),
            SignInResult.Suspended => SignInForm(context, request, username,
                "This USPS business account is suspended, so it cannot sign in or authorize platforms. Contact USPS Business Customer Support."),
            SignInResult.SignedIn signedIn when request is null => AccountPage(signedIn.Customer, grants, clients),
            SignInResult.SignedIn signedIn => requests.Update(request.Id, r => r with { Username = signedIn.Customer.Username }) is null
                ? UspsPage.Expired()
                : ResultHeaders.SeeOther(ConsentPages.ConsentUrl(request.Id)),
            _ => throw new InvalidOperationException("Unknown sign-in result."),
        };
    }

    private static IResult SignInForm(HttpContext context, AuthorizationRequest? request, string? username, string? error)
    {
        var intro = request is null
            ? SafeHtml.Empty
            : SafeHtml.Of($"<p><strong>{request.PlatformName}</strong> wants to connect to your USPS business account. Sign in to continue.</p>");
        var requestField = request is null ? SafeHtml.Empty : SafeHtml.Of($"""<input type="hidden" name="request" value="{request.Id}">""");
        return UspsPage.Render("Sign in", SafeHtml.Of($"""
            <div class="card">
            <h1>Sign in to USPS.com</h1>
            {intro}
            {Layout.ErrorBox(error)}
            <form method="post" action="/usps/sign-in">
            {Forms.AntiforgeryField(context)}
            {requestField}
            <label for="username">Username</label>
            <input type="text" id="username" name="username" value="{username}" autocomplete="username" autocapitalize="none" required>
            <label for="password">Password</label>
            <input type="password" id="password" name="password" autocomplete="current-password" required>
            <div class="actions"><button type="submit">Sign In</button></div>
            </form>
            </div>
            """));
    }

    /// <summary>What a customer sees after signing in without a platform asking: their ids and who they have authorized.</summary>
    private static IResult AccountPage(Customer customer, UspsGrants grants, OauthClients clients)
    {
        var ids = customer.Usps!;
        var platforms = grants.ActiveFor(customer.Username)
            .Select(g => clients.Find(g.ClientId)?.Name ?? g.ClientId)
            .Distinct(StringComparer.Ordinal)
            .Select(name => SafeHtml.Of($"<li>{name}</li>"))
            .ToList();
        var authorized = platforms.Count == 0 ? SafeHtml.Of($"<p>No platform is authorized.</p>") : SafeHtml.Of($"<ul>{SafeHtml.Join(platforms)}</ul>");
        return UspsPage.Render("Your account", SafeHtml.Of($"""
            <div class="card">
            <h1>Your USPS business account</h1>
            <dl>
            <dt>Username</dt><dd>{customer.Username}</dd>
            <dt>CRID</dt><dd>{ids.Crid}</dd>
            <dt>MID</dt><dd>{ids.Mid}</dd>
            <dt>Manifest MID</dt><dd>{ids.ManifestMid}</dd>
            <dt>EPS account</dt><dd>{ids.AccountNumber}</dd>
            </dl>
            <h2>Authorized platforms</h2>
            {authorized}
            </div>
            """));
    }
}
