using CarrierLink.Web.Data;
using CarrierLink.Web.Users;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CarrierLink.Web.Pages.Login;

/// <summary>The second step of sign-in: a code from the authenticator app, or a recovery code.</summary>
public sealed class TwoFactorModel(SignInSteps steps, AuthenticatorApps apps, SignInThrottles throttles, CarrierLinkDb db) : PageModel
{
    public string? Error { get; private set; }

    public IActionResult OnGet() => steps.PendingOf(Request) is null ? Redirect("/login") : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        // Read, not bound: a recovery code is a password, and Razor Pages logs bound arguments at Trace.
        var code = Security.SecretFields.Secret(Request, "code");
        if (steps.PendingOf(Request) is not { } pending) return Redirect("/login");
        // Wrong codes wait like wrong passwords, per user: six digits must not be guessable by trying them all.
        var key = SecondFactorKey(pending.UserId);
        if (await throttles.WaitAsync(key, cancellationToken) is { } wait)
        {
            Error = $"Too many wrong codes. Wait {SignInSteps.Describe(wait)} and try again.";
            return Page();
        }
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == pending.UserId, cancellationToken);
        if (user is null) return Redirect("/login");
        if (string.IsNullOrWhiteSpace(code) || code.Length > 32 || !await apps.VerifyAsync(user, code, cancellationToken))
        {
            Error = await throttles.FailedAsync(key, cancellationToken) is { } started
                ? $"Too many wrong codes. Wait {SignInSteps.Describe(started)} and try again."
                : "That code is not right. Enter the 6 digits your app shows now, or one of your recovery codes.";
            return Page();
        }
        await throttles.SucceededAsync(key, cancellationToken);
        return LocalRedirect(await steps.CompleteAsync(HttpContext, Url, user, pending.ReturnUrl, cancellationToken));
    }

    private static string SecondFactorKey(Guid userId) => Security.SecureTokens.Sha256Hex("second-factor:" + userId);
}
