using CarrierLink.Web.Security;
using CarrierLink.Web.Users;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CarrierLink.Web.Pages;

public sealed class LoginModel(SignInChecker checker, SignInSteps steps) : PageModel
{
    public string? Error { get; private set; }
    public string? Email { get; private set; }
    public string? ReturnUrl { get; private set; }

    public void OnGet(string? returnUrl) => ReturnUrl = returnUrl;

    public async Task<IActionResult> OnPostAsync(string? email, string? returnUrl, CancellationToken cancellationToken)
    {
        var password = Request.Secret("password");
        Email = email;
        ReturnUrl = returnUrl;
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password))
        {
            Error = "Enter your email and password.";
            return Page();
        }
        switch (await checker.CheckAsync(Request, email, password, cancellationToken))
        {
            case SignInVerdict.Accepted accepted when accepted.User.TotpEnabledAt is not null:
                steps.AwaitSecondFactor(HttpContext, accepted.User, returnUrl);
                return RedirectToPage("/Login/TwoFactor");
            case SignInVerdict.Accepted accepted:
                return LocalRedirect(await steps.CompleteAsync(HttpContext, Url, accepted.User, returnUrl, cancellationToken));
            case SignInVerdict.MustWait wait:
                Error = $"Too many wrong passwords for this email. Wait {SignInSteps.Describe(wait.Wait)} and try again, "
                    + "or sign in from a browser you have signed in with before.";
                return Page();
            default:
                Error = "That email and password do not match an account.";
                return Page();
        }
    }
}
