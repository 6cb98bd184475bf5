using CarrierLink.Sandbox.Html;

namespace CarrierLink.Sandbox.Ups.Site;

/// <summary>The UPS.com look: every UPS page goes through here.</summary>
internal static class UpsPage
{
    public const string SiteName = "UPS.com";

    public static IResult Render(string title, SafeHtml body, int statusCode = StatusCodes.Status200OK) =>
        Layout.Page(title, body, SiteName, "/ups", statusCode: statusCode);

    /// <summary>A dead end explained in plain words (expired page); never a redirect.</summary>
    public static IResult Problem(string title, string message, int statusCode = StatusCodes.Status400BadRequest) =>
        Render(title, SafeHtml.Of($"""
            <div class="card">
            <h1>{title}</h1>
            <div class="error" role="alert">{message}</div>
            <p><a href="/ups">Go to the UPS.com home page</a></p>
            </div>
            """), statusCode);

    public static IResult Expired() => Problem("This page has expired",
        "This log-in or authorization request is no longer open. Go back to the application that sent you here and start again.");
}
