using Microsoft.AspNetCore.DataProtection;

namespace CarrierLink.Web.Users;

/// <summary>
/// A cookie that remembers which emails signed in successfully in this browser (OWASP's "device cookies"). While
/// an email's attempts have to wait, its owner's browser may still try: the cookie proves an earlier sign-in with
/// the password, which someone guessing it does not have. Encrypted and signed by the key ring; holds email hashes only.
/// </summary>
public sealed class TrustedBrowsers(IDataProtectionProvider protection, TimeProvider time)
{
    public const string CookieName = "CarrierLink.Browser";
    private const int MaxEmails = 5;
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(180);
    private readonly IDataProtector _protector = protection.CreateProtector("CarrierLink.Users.TrustedBrowsers");

    public bool Trusts(HttpRequest request, string emailKey) => Read(request).Contains(emailKey);

    public void Remember(HttpContext http, string emailKey)
    {
        var emails = Read(http.Request).Where(e => e != emailKey).Prepend(emailKey).Take(MaxEmails);
        var expires = time.GetUtcNow() + Lifetime;
        // The end travels inside the protected value, read on our clock: a browser that keeps the cookie longer gains nothing.
        var value = expires.ToUnixTimeSeconds() + "|" + string.Join(',', emails);
        http.Response.Cookies.Append(CookieName, _protector.Protect(value), new CookieOptions
        {
            HttpOnly = true,
            Secure = http.Request.IsHttps,
            SameSite = SameSiteMode.Strict,
            Expires = expires,
            Path = "/login",
        });
    }

    private string[] Read(HttpRequest request)
    {
        if (request.Cookies[CookieName] is not { Length: > 0 } cookie) return [];
        try
        {
            var parts = _protector.Unprotect(cookie).Split('|', 2);
            if (parts.Length != 2 || !long.TryParse(parts[0], out var end) || DateTimeOffset.FromUnixTimeSeconds(end) <= time.GetUtcNow()) return [];
            return parts[1].Split(',', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            // Tampered with, or from a key ring that is gone: simply not trusted.
            return [];
        }
    }
}
