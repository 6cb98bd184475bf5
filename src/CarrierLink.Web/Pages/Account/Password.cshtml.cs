using CarrierLink.Web.Security;
using CarrierLink.Web.Users;
using Microsoft.AspNetCore.Mvc;

namespace CarrierLink.Web.Pages.Account;

/// <summary>Change your password: the current one proves it is you (and counts toward the sign-in waits when wrong).</summary>
public sealed class PasswordModel(SignInChecker checker, PasswordChanges changes) : AccountPageModel
{
    public string? Error { get; private set; }
    public bool Changed { get; private set; }
    public int MinimumLength => PasswordPolicy.MinimumLength;

    public void OnGet() => Breadcrumbs(("Your sign-in", "/account"), ("Password", null));

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Breadcrumbs(("Your sign-in", "/account"), ("Password", null));
        var current = Request.Secret("current_password");
        var replacement = Request.Secret("new_password");
        if (current is null || replacement is null)
        {
            Error = "Enter your current password and the new one.";
            return Page();
        }
        if (replacement != Request.Secret("confirm_password"))
        {
            Error = "The new password and its confirmation are different.";
            return Page();
        }
        switch (await checker.CheckAsync(Request, User.Identity!.Name!, current, cancellationToken))
        {
            case SignInVerdict.Accepted:
                break;
            case SignInVerdict.MustWait wait:
                Error = $"Too many wrong passwords. Wait {SignInSteps.Describe(wait.Wait)} and try again.";
                return Page();
            default:
                Error = "Your current password is not right.";
                return Page();
        }
        switch (await changes.ChangeAsync(UserId, SessionId, replacement, cancellationToken))
        {
            case PasswordChange.Rejected rejected:
                Error = $"The new password {rejected.Reason}.";
                return Page();
            default:
                Changed = true;
                return Page();
        }
    }
}
