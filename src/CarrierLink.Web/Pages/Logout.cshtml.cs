using CarrierLink.Web.Users;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CarrierLink.Web.Pages;

public sealed class LogoutModel(UserSessions sessions) : PageModel
{
    public IActionResult OnGet() => Redirect("/");

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        // Ends the session on the server too: a copy of the cookie is worthless from now on, on every node.
        await sessions.SignOutAsync(HttpContext, cancellationToken);
        return Redirect("/login");
    }
}
