using CarrierLink.Web.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;

namespace CarrierLink.Web.Users;

/// <summary>
/// The steps after a right password: the second factor when the user has one, then the session. Between the two,
/// a short-lived encrypted cookie holds who passed the password step, so the code page never sees the password.
/// </summary>
public sealed class SignInSteps(UserSessions sessions, TrustedBrowsers browsers, IDataProtectionProvider protection, TimeProvider time)
{
    public const string PendingCookie = "CarrierLink.SecondFactor";
    private static readonly TimeSpan PendingLifetime = TimeSpan.FromMinutes(5);
    private readonly IDataProtector _protector = protection.CreateProtector("CarrierLink.Users.SignInSteps");

    public sealed record Pending(Guid UserId, string? ReturnUrl);

    public void AwaitSecondFactor(HttpContext http, User user, string? returnUrl)
    {
        var value = string.Join('|', user.Id, (time.GetUtcNow() + PendingLifetime).ToUnixTimeSeconds(), returnUrl ?? "");
        http.Response.Cookies.Append(PendingCookie, _protector.Protect(value), new CookieOptions
        {
            HttpOnly = true,
            Secure = http.Request.IsHttps,
            SameSite = SameSiteMode.Strict,
            Path = "/login",
        });
    }

    /// <summary>Who passed the password step in this browser in the last few minutes, if anyone.</summary>
    public Pending? PendingOf(HttpRequest request)
    {
        if (request.Cookies[PendingCookie] is not { Length: > 0 } cookie) return null;
        try
        {
            var parts = _protector.Unprotect(cookie).Split('|', 3);
            if (parts.Length != 3 || !Guid.TryParse(parts[0], out var userId) || !long.TryParse(parts[1], out var end)) return null;
            if (DateTimeOffset.FromUnixTimeSeconds(end) <= time.GetUtcNow()) return null;
            return new Pending(userId, parts[2].Length == 0 ? null : parts[2]);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    /// <summary>Starts the session and says where to go: the return URL when it is ours, else the person's home.</summary>
    public async Task<string> CompleteAsync(HttpContext http, IUrlHelper url, User user, string? returnUrl, CancellationToken cancellationToken)
    {
        http.Response.Cookies.Delete(PendingCookie, new CookieOptions { Path = "/login" });
        await sessions.SignInAsync(http, user, cancellationToken);
        browsers.Remember(http, SignInThrottles.KeyOf(user.Email));
        // Only local return URLs: the login page must not become an open redirect.
        var home = user.Role == UserRoles.SupportAgent ? "/support" : "/";
        return url.IsLocalUrl(returnUrl) && returnUrl != "/" ? returnUrl! : home;
    }

    public static string Describe(TimeSpan wait)
    {
        var minutes = (int)Math.Ceiling(wait.TotalMinutes);
        return wait < TimeSpan.FromMinutes(1) ? $"{Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))} seconds"
            : minutes == 1 ? "1 minute" : $"{minutes} minutes";
    }
}
