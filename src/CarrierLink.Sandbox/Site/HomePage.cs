using CarrierLink.Sandbox.Html;
using Microsoft.Extensions.Options;

namespace CarrierLink.Sandbox.Site;

/// <summary>"/": links to every carrier site the sandbox plays, by the site's name, and the demo sign-ins.</summary>
public static class HomePage
{
    // Only sites that exist are linked.
    private static readonly (string Name, string Href, string About)[] Sites =
    [
        ("USPS.com", "/usps", "USPS business accounts: sign-in and the consent a platform asks for (Customer Onboarding Portal)."),
        ("FedEx.com", "/fedex", "FedEx accounts: the PINs FedEx sends when a platform registers an account (an inbox page per account) and the account's recent invoices."),
        ("UPS.com", "/ups", "UPS.com logins and their UPS accounts (shipper numbers): log in and allow a platform (OAuth authorization code)."),
        ("Stamps.com", "/stamps", "One Balance postage accounts: log in, change password, Forgot Password with security questions, and an inbox page per customer standing in for email."),
    ];

    public static void MapHomePage(this IEndpointRouteBuilder app) => app.MapGet("/", (IOptions<SandboxOptions> options) =>
    {
        var sites = Sites.Select(s => SafeHtml.Of($"""<li><a href="{s.Href}">{s.Name}</a><br><span class="note">{s.About}</span></li>"""));
        var demo = options.Value.Seed
            ? SafeHtml.Of($"""
                <h2>Demo customers</h2>
                <ul>{SafeHtml.Join(SandboxSeed.Customers.Select(c => SafeHtml.Of($"<li><strong>{c.Username}</strong> / <code>{c.Password}</code>: {c.Description}</li>")))}</ul>
                """)
            : SafeHtml.Empty;
        return Layout.Page("Carrier sandbox", SafeHtml.Of($"""
            <div class="card">
            <h1>Carrier sandbox</h1>
            <p>The carriers' sites and APIs, played on this machine.</p>
            <ul class="sites">{SafeHtml.Join(sites)}</ul>
            {demo}
            </div>
            """));
    });
}
