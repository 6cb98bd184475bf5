using CarrierLink.Web.Notifications.Email;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CarrierLink.Web.Pages.Settings.Notifications;

/// <summary>
/// Where a mail's unsubscribe link leads, without signing in: the signed token names the user and the kinds of mail.
/// Opening the link turns them off at once (one click, as the footer promises), and so does a mail program's one-click
/// POST (RFC 8058, List-Unsubscribe-Post); the page offers to turn them back on, in case a link scanner opened it. The
/// token is read from the request, never bound, and is the only authority, so there is no antiforgery token to check.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class UnsubscribeModel(UnsubscribeLinks links, UserEmailChoices choices) : PageModel
{
    public Unsubscribe? Link { get; private set; }
    public string? Token { get; private set; }
    public bool TurnedBackOn { get; private set; }

    public IEnumerable<string> Labels => Link?.EventTypes.Select(t => EmailTopics.Find(t)!.Label) ?? [];

    public Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => TurnOffAsync(Request.Query["token"], cancellationToken);

    public Task<IActionResult> OnPostAsync(CancellationToken cancellationToken) => TurnOffAsync(Request.Query["token"], cancellationToken);

    public async Task<IActionResult> OnPostResubscribeAsync(CancellationToken cancellationToken)
    {
        if (!Read(Request.Form["token"])) return Invalid();
        await choices.SetAsync(Link!.UserId, Link.EventTypes, enabled: true, cancellationToken);
        TurnedBackOn = true;
        return Page();
    }

    private async Task<IActionResult> TurnOffAsync(string? token, CancellationToken cancellationToken)
    {
        if (!Read(token)) return Invalid();
        await choices.SetAsync(Link!.UserId, Link.EventTypes, enabled: false, cancellationToken);
        return Page();
    }

    private bool Read(string? token)
    {
        Link = links.Read(token);
        Token = Link is null ? null : token;
        return Link is not null;
    }

    private IActionResult Invalid()
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
