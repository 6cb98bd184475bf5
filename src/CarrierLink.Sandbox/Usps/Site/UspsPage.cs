using CarrierLink.Sandbox.Html;

namespace CarrierLink.Sandbox.Usps.Site;

/// <summary>The USPS.com look: every USPS page goes through here.</summary>
internal static class UspsPage
{
    public const string SiteName = "USPS.com";

    public static IResult Render(string title, SafeHtml body, SafeHtml head = default, int statusCode = StatusCodes.Status200OK) =>
        Layout.Page(title, body, SiteName, "/usps", head, statusCode);

    /// <summary>A dead end explained in plain words (bad link, expired page); never a redirect.</summary>
    public static IResult Problem(string title, string message, int statusCode = StatusCodes.Status400BadRequest) =>
        Render(title, SafeHtml.Of($"""
            <div class="card">
            <h1>{title}</h1>
            <div class="error" role="alert">{message}</div>
            <p><a href="/usps">Go to the USPS.com home page</a></p>
            </div>
            """), statusCode: statusCode);

    public static IResult Expired() => Problem("This page has expired",
        "This sign-in or authorization request is no longer open. Go back to the platform that sent you here and start again.");
}
