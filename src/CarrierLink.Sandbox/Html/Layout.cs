namespace CarrierLink.Sandbox.Html;

/// <summary>The one page shell every sandbox page uses: viewport for phones, a small inline stylesheet, no scripts.</summary>
public static class Layout
{
    // Inline on purpose: the sandbox runs inside CarrierLink's process too and must not depend on static files.
    private const string Stylesheet = """
        *{box-sizing:border-box}
        body{margin:0;font-family:Helvetica,Arial,sans-serif;color:#333;background:#f4f4f6;line-height:1.45}
        header.site{background:#333366;color:#fff;padding:.75rem 1rem;display:flex;align-items:center;gap:.75rem;border-bottom:4px solid #e71921}
        header.site a{color:#fff;text-decoration:none;font-weight:bold;font-size:1.25rem;letter-spacing:.04em}
        .badge{font-size:.7rem;background:#e71921;color:#fff;border-radius:3px;padding:.1rem .4rem;text-transform:uppercase}
        main{max-width:32rem;margin:1.5rem auto;padding:0 1rem}
        .card{background:#fff;border:1px solid #d5d5dd;border-radius:6px;padding:1.25rem}
        h1{font-size:1.4rem;margin:0 0 1rem;color:#333366}
        h2{font-size:1.1rem;margin:1.25rem 0 .5rem;color:#333366}
        label{display:block;font-weight:bold;margin:.75rem 0 .25rem}
        label.check{display:flex;gap:.5rem;font-weight:normal;align-items:flex-start}
        label.check input{margin-top:.25rem;width:1.1rem;height:1.1rem}
        input[type=text],input[type=password]{width:100%;padding:.6rem;font-size:1rem;border:1px solid #999;border-radius:4px}
        .actions{display:flex;flex-wrap:wrap;gap:.75rem;margin-top:1.25rem;align-items:center}
        button,.button{display:inline-block;background:#333366;color:#fff;border:0;border-radius:4px;padding:.65rem 1.2rem;font-size:1rem;cursor:pointer;text-decoration:none}
        button.secondary,.button.secondary{background:#fff;color:#333366;border:1px solid #333366}
        .error{background:#fdecee;border:1px solid #e71921;color:#8a0c18;padding:.6rem .75rem;border-radius:4px;margin-bottom:1rem}
        .note{color:#666;font-size:.9rem}
        dl{display:grid;grid-template-columns:auto 1fr;gap:.25rem 1rem;margin:0}
        dt{font-weight:bold}
        ul.sites{list-style:none;padding:0}
        ul.sites li{margin:.5rem 0}
        footer{max-width:32rem;margin:1rem auto;padding:0 1rem;font-size:.8rem;color:#777}
        """;

    /// <summary>A whole page. <paramref name="siteName"/> is the carrier site being played ("USPS.com"); <paramref name="siteHome"/> its landing page.</summary>
    public static IResult Page(string title, SafeHtml body, string siteName = "Carrier sandbox", string siteHome = "/", SafeHtml head = default, int statusCode = StatusCodes.Status200OK)
    {
        var html = SafeHtml.Of($"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{(title == siteName ? title : $"{title} | {siteName}")}</title>
            {head}
            <style>{new SafeHtml(Stylesheet)}</style>
            </head>
            <body>
            <header class="site"><a href="{siteHome}">{siteName}</a><span class="badge">Sandbox</span></header>
            <main>
            {body}
            </main>
            <footer>This is the CarrierLink carrier sandbox, a stand-in for the carrier's site on this machine. <a href="/">All sandbox sites</a></footer>
            </body>
            </html>
            """);
        return Results.Content(html.Value, "text/html; charset=utf-8", statusCode: statusCode);
    }

    public static SafeHtml ErrorBox(string? message) =>
        message is null ? SafeHtml.Empty : SafeHtml.Of($"""<div class="error" role="alert">{message}</div>""");
}
