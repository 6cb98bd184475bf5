using CarrierLink.Sandbox.Html;

namespace CarrierLink.Sandbox.Usps.Site;

/// <summary>The USPS.com landing page and the terms the consent checkbox refers to.</summary>
public static class LandingPages
{
    public static void MapUspsLandingPages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/usps", () => UspsPage.Render("Welcome", SafeHtml.Of($"""
            <div class="card">
            <h1>Welcome to USPS.com</h1>
            <p>Sign in to your USPS business account to see its CRID, MID and EPS account and the platforms you have authorized.</p>
            <p>Shipping platforms send you to this site's Customer Onboarding Portal to authorize them.</p>
            <div class="actions"><a class="button" href="/usps/sign-in">Sign In</a></div>
            </div>
            """)));

        app.MapGet("/usps/terms", () => UspsPage.Render("USPS terms", SafeHtml.Of($"""
            <div class="card">
            <h1>USPS terms for authorizing a platform</h1>
            <p>By authorizing a shipping platform you allow it to use your USPS business account through the USPS APIs:
            to look up prices, buy and cancel labels paid from your Enterprise Payment System (EPS) account, create SCAN forms and schedule pickups.</p>
            <p>You can withdraw the authorization at any time; the platform then has to ask you again.</p>
            <p class="note">Sandbox text: no real terms apply.</p>
            </div>
            """)));
    }
}
