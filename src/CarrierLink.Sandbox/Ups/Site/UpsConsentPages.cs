using CarrierLink.Sandbox.Customers;
using CarrierLink.Sandbox.Html;
using CarrierLink.Sandbox.Usps.Oauth;
using Microsoft.AspNetCore.WebUtilities;

namespace CarrierLink.Sandbox.Ups.Site;

/// <summary>
/// UPS.com asks the logged-in person to allow the application; Allow returns to redirect_uri with code and state,
/// Decline with error=access_denied (RFC 6749 4.1.2.1; UPS publishes only the success return).
/// </summary>
public static class UpsConsentPages
{
    public const string Path = "/ups/consent";

    public static void MapUpsConsentPages(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, (HttpContext context, string? request, [FromKeyedServices(Carriers.Ups)] AuthorizationRequests requests, CustomerStore customers) =>
            LoggedIn(requests.Find(request), customers) is (var open, var customer) ? ConsentForm(context, open, customer) : UpsPage.Expired());
        app.MapPost(Path, DecideAsync);
    }

    private static async Task<IResult> DecideAsync(HttpContext context, [FromKeyedServices(Carriers.Ups)] AuthorizationRequests requests,
        [FromKeyedServices(Carriers.Ups)] AuthorizationCodes codes, CustomerStore customers)
    {
        var form = await Forms.ReadVerifiedFormAsync(context);
        if (form is null || LoggedIn(requests.Find(form["request"]), customers) is not (var request, var customer)) return UpsPage.Expired();
        requests.Remove(request.Id);

        var answer = new Dictionary<string, string?>();
        if (form["decision"] != "allow") answer["error"] = "access_denied";
        else if (customer.Suspended)
            return UpsPage.Problem("This account cannot allow applications", "Your UPS account is suspended. Contact UPS Customer Service.", StatusCodes.Status403Forbidden);
        else answer["code"] = codes.Issue(request.Client.ClientId, request.RedirectUri, customer.Username, "", request.CodeChallenge);
        // UPS's authorize takes state as optional: it goes back only when it came.
        if (request.State.Length > 0) answer["state"] = request.State;
        return ResultHeaders.SeeOther(QueryHelpers.AddQueryString(request.RedirectUri, answer));
    }

    private static (AuthorizationRequest, Customer)? LoggedIn(AuthorizationRequest? request, CustomerStore customers) =>
        request is { Username: { } username } && customers.Find(Carriers.Ups, username) is { } customer ? (request, customer) : null;

    private static IResult ConsentForm(HttpContext context, AuthorizationRequest request, Customer customer)
    {
        var platform = request.PlatformName;
        var accounts = SafeHtml.Join((customer.Ups?.ShipperNumbers ?? []).Select(n => SafeHtml.Of($"<li>{n}</li>")));
        return UpsPage.Render($"Allow {platform}", SafeHtml.Of($"""
            <div class="card">
            <h1>Allow {platform} to use your UPS account?</h1>
            <p><strong>{platform}</strong> is asking to rate, ship, void shipments and schedule pickups with the UPS accounts of
            <strong>{customer.Username}</strong>:</p>
            <ul>{accounts}</ul>
            <form method="post" action="{Path}">
            {Forms.AntiforgeryField(context)}
            <input type="hidden" name="request" value="{request.Id}">
            <div class="actions">
            <button type="submit" name="decision" value="allow">Allow</button>
            <button type="submit" name="decision" value="decline" class="secondary">Decline</button>
            </div>
            </form>
            </div>
            """));
    }
}
