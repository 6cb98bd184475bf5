using CarrierLink.Web.Security;
using CarrierLink.Web.Users;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CarrierLink.Web.Pages.Login;

/// <summary>The page a reset link opens: choose a new password, then sign in with it.</summary>
public sealed class ResetModel(PasswordChanges changes) : PageModel
{
    public string? Token { get; private set; }
    public bool Usable { get; private set; }
    public bool Changed { get; private set; }
    public string? Error { get; private set; }
    public int MinimumLength => PasswordPolicy.MinimumLength;

    public async Task OnGetAsync(string? token, CancellationToken cancellationToken)
    {
        Token = token;
        Usable = token is { Length: > 0 and < 200 } && await changes.IsUsableAsync(token, cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(string? token, CancellationToken cancellationToken)
    {
        Token = token;
        Usable = token is { Length: > 0 and < 200 };
        if (!Usable) return Page();
        var replacement = Request.Secret("new_password");
        if (replacement is null)
        {
            Error = "Enter a new password.";
            return Page();
        }
        if (replacement != Request.Secret("confirm_password"))
        {
            Error = "The new password and its confirmation are different.";
            return Page();
        }
        switch (await changes.ResetAsync(token!, replacement, cancellationToken))
        {
            case PasswordChange.Rejected { Field: "token" }:
                Usable = false;
                return Page();
            case PasswordChange.Rejected rejected:
                Error = $"The new password {rejected.Reason}.";
                return Page();
            default:
                Changed = true;
                return Page();
        }
    }
}
