using CarrierLink.Web.Data;
using CarrierLink.Web.Users;
using Microsoft.AspNetCore.Mvc;

namespace CarrierLink.Web.Pages.Account;

/// <summary>The person's open sessions, with "sign out" for one and "sign out everywhere" (issue 13, finding 2).</summary>
public sealed class SessionsModel(UserSessions sessions) : AccountPageModel
{
    public IReadOnlyList<UserSession> Sessions { get; private set; } = [];
    public Guid? Current => SessionId;
    public string? Notice { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostEndAsync(Guid session, CancellationToken cancellationToken)
    {
        if (session == SessionId)
        {
            await sessions.SignOutAsync(HttpContext, cancellationToken);
            return Redirect("/login");
        }
        Notice = await sessions.EndAsync(UserId, session, cancellationToken) ? "That browser is signed out." : "That session had already ended.";
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostEverywhereAsync(CancellationToken cancellationToken)
    {
        await sessions.EndAllAsync(UserId, keep: null, cancellationToken);
        await sessions.SignOutAsync(HttpContext, cancellationToken);
        return Redirect("/login");
    }

    public async Task<IActionResult> OnPostOthersAsync(CancellationToken cancellationToken)
    {
        var ended = await sessions.EndAllAsync(UserId, keep: SessionId, cancellationToken);
        Notice = ended == 1 ? "1 other browser is signed out." : $"{ended} other browsers are signed out.";
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Breadcrumbs(("Your sign-in", "/account"), ("Where you are signed in", null));
        Sessions = await sessions.ListOpenAsync(UserId, cancellationToken);
    }
}
