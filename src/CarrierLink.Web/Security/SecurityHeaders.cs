using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace CarrierLink.Web.Security;

/// <summary>
/// The response headers OWASP ASVS 4/5 level 2 (V14.4 / V3.4) and the OAuth 2.0 Security BCP (RFC 9700 4.2.4,
/// Referrer-Policy on the redirect endpoint) ask for, on every answer CarrierLink gives: pages, the API, static
/// assets and error pages alike (issue 13, finding 6). The pages load only their own stylesheet and scripts,
/// with no inline script or style, so the policy can be 'self' throughout.
/// form-action is left out on purpose: browsers apply it to the redirect after a form post, and "Continue to
/// USPS" is a form whose answer redirects to the carrier's sign-in.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

    /// <summary>
    /// An endpoint whose page needs another policy (the API reference's nonce'd script) puts a
    /// <c>Func&lt;HttpContext, string&gt;</c> here; it is asked when the answer starts, once the nonce exists.
    /// </summary>
    public const string PolicyItem = "CarrierLink.ContentSecurityPolicy";

    public const string PermissionsPolicy = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            context.Response.OnStarting(static state =>
            {
                var http = (HttpContext)state;
                var headers = http.Response.Headers;
                headers.ContentSecurityPolicy = http.Items[PolicyItem] is Func<HttpContext, string> policy ? policy(http) : ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                // No page of CarrierLink needs to tell another site where the browser came from; the carrier's
                // callback carries the authorization code in its query (RFC 9700 4.2.4).
                headers["Referrer-Policy"] = "no-referrer";
                headers["Permissions-Policy"] = PermissionsPolicy;
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                // The API's answers hold account data and label references: no shared or browser cache keeps them.
                if (http.Request.Path.StartsWithSegments("/api")) headers.CacheControl = "no-store";
                return Task.CompletedTask;
            }, context);
            return next(context);
        });

    /// <summary>No "Server: Kestrel" on every answer (ASVS V14.3.3: no version or product banners).</summary>
    public static void HideServerHeader(KestrelServerOptions kestrel) => kestrel.AddServerHeader = false;
}
