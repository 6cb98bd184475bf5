using CarrierLink.Sandbox.Customers;
using CarrierLink.Sandbox.Html;
using CarrierLink.Sandbox.Usps.Oauth;
using Microsoft.AspNetCore.WebUtilities;

namespace CarrierLink.Sandbox.Usps.Site;

/// <summary>Consent (checkbox + Authorize &amp; Continue, or Decline) and the completion page that returns to the platform.</summary>
public static class ConsentPages
{
    public static string ConsentUrl(string requestId) => QueryHelpers.AddQueryString("/usps/consent", "request", requestId);

    private static string CompletedUrl(string requestId) => QueryHelpers.AddQueryString("/usps/authorized", "request", requestId);

    public static void MapUspsConsentPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/usps/consent", (HttpContext context, string? request, AuthorizationRequests requests, CustomerStore customers) =>
            SignedInRequest(requests.Find(request), customers) is (var open, var customer) ? ConsentForm(context, open, customer, error: null) : UspsPage.Expired());
        app.MapPost("/usps/consent", DecideAsync);
        app.MapGet("/usps/authorized", (string? request, AuthorizationRequests requests, CustomerStore customers, UspsSettingsStore settings) =>
            requests.Find(request) is { ReturnUrl: not null } done ? Completed(done, customers, settings.Current.ConsentAutoReturnSeconds) : UspsPage.Expired());
    }

    private static async Task<IResult> DecideAsync(HttpContext context, AuthorizationRequests requests, CustomerStore customers, AuthorizationCodes codes)
    {
        var form = await Forms.ReadVerifiedFormAsync(context);
        if (form is null || SignedInRequest(requests.Find(form["request"]), customers) is not (var request, var customer)) return UspsPage.Expired();

        if (form["decision"] == "decline")
        {
            requests.Remove(request.Id);
            return ResultHeaders.SeeOther(QueryHelpers.AddQueryString(request.RedirectUri, new Dictionary<string, string?>
            {
                ["error"] = "access_denied",
                ["state"] = request.State,
            }));
        }

        if (form["agree"] != "true")
        {
            return ConsentForm(context, request, customer,
                $"Check the box to agree to the USPS terms and authorize {request.PlatformName} before you continue.");
        }
        if (customer.Suspended)
        {
            return UspsPage.Problem("This account cannot authorize platforms",
                "This USPS business account is suspended. Contact USPS Business Customer Support.", StatusCodes.Status403Forbidden);
        }

        var code = codes.Issue(request.Client.ClientId, request.RedirectUri, customer.Username, UspsScopes.All, request.CodeChallenge);
        var returnUrl = QueryHelpers.AddQueryString(request.RedirectUri, new Dictionary<string, string?> { ["code"] = code, ["state"] = request.State });
        return requests.Update(request.Id, r => r with { ReturnUrl = returnUrl }) is null ? UspsPage.Expired() : ResultHeaders.SeeOther(CompletedUrl(request.Id));
    }

    /// <summary>An open request whose customer has signed in and has not authorized yet.</summary>
    private static (AuthorizationRequest, Customer)? SignedInRequest(AuthorizationRequest? request, CustomerStore customers) =>
        request is { Username: { } username, ReturnUrl: null } && customers.Find(Carriers.Usps, username) is { } customer ? (request, customer) : null;

    private static IResult ConsentForm(HttpContext context, AuthorizationRequest request, Customer customer, string? error)
    {
        var platform = request.PlatformName;
        return UspsPage.Render($"Authorize {platform}", SafeHtml.Of($"""
            <div class="card">
            <h1>Authorize {platform}</h1>
            {Layout.ErrorBox(error)}
            <p><strong>{platform}</strong> is asking to use your USPS business account to get prices, buy and cancel labels, create SCAN forms and schedule pickups.</p>
            <dl>
            <dt>Signed in as</dt><dd>{customer.Username}</dd>
            <dt>CRID</dt><dd>{customer.Usps?.Crid}</dd>
            <dt>MID</dt><dd>{customer.Usps?.Mid}</dd>
            </dl>
            <form method="post" action="/usps/consent">
            {Forms.AntiforgeryField(context)}
            <input type="hidden" name="request" value="{request.Id}">
            <label class="check" for="agree"><input type="checkbox" id="agree" name="agree" value="true"><span>I agree to the USPS terms and authorize {platform} to access my USPS business account</span></label>
            <p class="note"><a href="/usps/terms">Read the USPS terms</a></p>
            <div class="actions">
            <button type="submit" name="decision" value="authorize">Authorize &amp; Continue</button>
            <button type="submit" name="decision" value="decline" class="secondary">Decline</button>
            </div>
            </form>
            </div>
            """));
    }

    private static IResult Completed(AuthorizationRequest request, CustomerStore customers, int autoReturnSeconds)
    {
        var platform = request.PlatformName;
        var returnUrl = request.ReturnUrl!;
        var crid = request.Username is { } username ? customers.Find(Carriers.Usps, username)?.Usps?.Crid : null;
        // No script: the meta refresh is the automatic return; 0 seconds in the settings turns it off.
        var head = autoReturnSeconds > 0 ? SafeHtml.Of($"""<meta http-equiv="refresh" content="{autoReturnSeconds};url={returnUrl}">""") : SafeHtml.Empty;
        var countdown = autoReturnSeconds > 0
            ? SafeHtml.Of($"""<p class="note">You will return to {platform} automatically in {autoReturnSeconds} seconds.</p>""")
            : SafeHtml.Empty;
        return UspsPage.Render("Authorized", SafeHtml.Of($"""
            <div class="card">
            <h1>Your USPS account is authorized</h1>
            <p>{platform} can now use your USPS business account (CRID {crid}).</p>
            <div class="actions"><a class="button" href="{returnUrl}">Go to {platform}</a></div>
            {countdown}
            </div>
            """), head);
    }
}
