using CarrierLink.Sandbox.Html;

namespace CarrierLink.Sandbox.Stamps.Site;

/// <summary>The Stamps.com look: every Stamps.com page goes through here (the shared layout, recoloured).</summary>
internal static class StampsPage
{
    public const string SiteName = "Stamps.com";
    public const string Home = "/stamps";
    public const string SupportLine = "1-800-555-0199";

    // The shared stylesheet comes after <head> extras, so these rules win by being more specific ("html body ...").
    private static readonly SafeHtml Theme = new("""
        <style>
        html body{background:#eef3f8}
        html body header.site{background:#0a4f8f;border-bottom-color:#f7941d}
        html body .badge{background:#f7941d}
        html body h1,html body h2{color:#0a4f8f}
        html body button,html body .button{background:#f7941d;color:#1d1d1d;font-weight:bold}
        html body button.secondary,html body .button.secondary{background:#fff;color:#0a4f8f;border:1px solid #0a4f8f;font-weight:normal}
        html body .notice{background:#e8f5e9;border:1px solid #2e7d32;color:#1b5e20;padding:.6rem .75rem;border-radius:4px;margin-bottom:1rem}
        html body .balance{font-size:1.6rem;font-weight:bold;color:#1b5e20}
        html body .mail{border-top:1px solid #d5d5dd;padding-top:.75rem;margin-top:.75rem}
        html body .mail pre{white-space:pre-wrap;word-break:break-word;font-family:inherit;background:#f7f9fb;padding:.75rem;border-radius:4px}
        html body ul.plain{padding-left:1.1rem}
        </style>
        """);

    public static IResult Render(string title, SafeHtml body, int statusCode = StatusCodes.Status200OK) =>
        Layout.Page(title, body, SiteName, Home, Theme, statusCode);

    public static SafeHtml Notice(string? message) =>
        message is null ? SafeHtml.Empty : SafeHtml.Of($"""<div class="notice" role="status">{message}</div>""");

    /// <summary>A dead end explained in plain words (an expired form, an unknown inbox).</summary>
    public static IResult Problem(string title, string message, int statusCode = StatusCodes.Status400BadRequest) =>
        Render(title, SafeHtml.Of($"""
            <div class="card">
            <h1>{title}</h1>
            <div class="error" role="alert">{message}</div>
            <p><a href="/stamps">Go to the Stamps.com login page</a></p>
            </div>
            """), statusCode);

    public static IResult Expired() => Problem("This page has expired", "The form you sent is no longer valid. Open the page again and retry.");

    public static SafeHtml Requirements { get; } = SafeHtml.Of($"""
        <p class="note">Your password must be 5 to 64 characters long and must not be a password you have used on this account before.
        For more security use at least 10 characters, more than one word, an upper-case and a lower-case letter, and a number.</p>
        """);
}
