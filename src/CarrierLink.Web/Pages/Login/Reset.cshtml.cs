using CarrierLink.Web.Security;
using CarrierLink.Web.Users;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CarrierLink.Web.Pages.Login;

/// <summary>
/// The page a reset link opens: choose a new password, then sign in with it. The token arrives in the link's fragment
/// (put into the form by /assets/reset-link.js) and is read from the form, never bound: neither a request log nor
/// Razor Pages' Trace line of handler arguments ever holds it.
/// </summary>
public sealed class ResetModel(PasswordChanges changes) : PageModel
{
    public bool Usable { get; private set; } = true;
    public bool Changed { get; private set; }
    public string? Token { get; private set; }
    public string? Error { get; private set; }
    public int MinimumLength => PasswordPolicy.MinimumLength;

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Token = Request.Secret("token");
        if (Token is not { Length: < 200 })
        {
            Usable = false;
            return Page();
        }
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
        switch (await changes.ResetAsync(Token, replacement, cancellationToken))
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
