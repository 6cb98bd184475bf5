using System.Security.Claims;
using CarrierLink.Web.Merchants;
using CarrierLink.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CarrierLink.Web.Pages;

public sealed class LoginModel(SignInChecker checker) : PageModel
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
        switch (await checker.CheckAsync(email, password, cancellationToken))
        {
            case SignInVerdict.Accepted accepted:
                var claims = new List<Claim>
                {
                    new(ClaimTypes.Name, accepted.User.Email),
                    new(CarrierLinkClaims.UserId, accepted.User.Id.ToString()),
                    new(ClaimTypes.Role, accepted.User.Role),
                };
                if (accepted.User.MerchantId is { } merchantId) claims.Add(new Claim(CarrierLinkClaims.MerchantId, merchantId.ToString()));
                await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
                    new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme)));
                // Only local return URLs: the login page must not become an open redirect.
                var home = accepted.User.Role == CarrierLink.Web.Data.UserRoles.SupportAgent ? "/support" : "/";
                return LocalRedirect(Url.IsLocalUrl(returnUrl) && returnUrl != "/" ? returnUrl! : home);
            case SignInVerdict.LockedOut locked:
                Error = $"Too many wrong passwords. Sign-in is locked until {locked.Until:HH:mm} UTC.";
                return Page();
            default:
                Error = "That email and password do not match an account.";
                return Page();
        }
    }
}
