using System.ComponentModel.DataAnnotations;
using CarrierLink.Web.Users;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CarrierLink.Web.Pages.Login;

/// <summary>"Forgot your password?": the same answer whether or not a user has the email.</summary>
public sealed class ForgotModel(PasswordChanges changes) : PageModel
{
    public bool Sent { get; private set; }
    public string? Error { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(string? email, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(email) || email.Length > 320 || !new EmailAddressAttribute().IsValid(email.Trim()))
        {
            Error = "Enter the email you sign in with.";
            return Page();
        }
        await changes.RequestResetAsync(email, cancellationToken);
        Sent = true;
        return Page();
    }
}
