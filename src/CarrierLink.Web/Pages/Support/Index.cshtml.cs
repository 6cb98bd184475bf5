using CarrierLink.Web.Merchants;
using CarrierLink.Web.OneBalance;
using CarrierLink.Web.Support;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CarrierLink.Web.Pages.Support;

/// <summary>
/// The platform's support agents: open requests, reconnect the account, close the request. Every action names a request and is
/// refused, changing nothing, unless that request is open on an account Customer Service is the way back for (<see cref="SupportNeed"/>).
/// </summary>
public sealed class SupportQueueModel(SupportRequests support) : PageModel
{
    public IReadOnlyList<SupportQueueItem> Queue { get; private set; } = [];
    public string? Message { get; private set; }
    public bool MessageIsError { get; private set; }

    private Guid AgentId => CarrierLinkClaims.UserIdOf(User) ?? throw new InvalidOperationException("Support pages need a signed-in agent.");

    public async Task OnGetAsync(CancellationToken cancellationToken) => Queue = await support.OpenQueueAsync(cancellationToken);

    /// <param name="source">"given": the password the merchant handed over with the request; anything else: the saved one.</param>
    public async Task<IActionResult> OnPostReconnectAsync(Guid requestId, string? source, CancellationToken cancellationToken)
    {
        if (await support.FindAsync(requestId, cancellationToken) is null) return NotFound();
        var outcome = await support.ReconnectAsync(requestId, source == "given", AgentId, cancellationToken);
        // Not allowed (a closed request, an account Customer Service does not reconnect, one Stamps.com suspended): the queue says why.
        if (outcome is PasswordOutcome.NotAllowed) Response.StatusCode = StatusCodes.Status409Conflict;
        (Message, MessageIsError) = outcome switch
        {
            PasswordOutcome.Done => ("The account is reconnected and the merchant's request is closed; they see it on their Request help page.", false),
            PasswordOutcome.Refused when source == "given" => ("Stamps.com did not accept the password the merchant gave, so it was discarded. Ask the merchant to send a new request with their current password.", true),
            PasswordOutcome.Refused refused => (refused.Message, true),
            PasswordOutcome.Unavailable unavailable => (unavailable.Message, true),
            PasswordOutcome.NotAllowed notAllowed => (notAllowed.Message, true),
            _ => ("The account could not be reconnected.", true),
        };
        Queue = await support.OpenQueueAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostCloseAsync(Guid requestId, string? resolution, CancellationToken cancellationToken)
    {
        if (await support.FindAsync(requestId, cancellationToken) is null) return NotFound();
        if (await support.CloseAsync(requestId, resolution, AgentId, cancellationToken) is not { } refusal) return Redirect("/support");
        (Message, MessageIsError) = (refusal, true);
        Response.StatusCode = StatusCodes.Status409Conflict;
        Queue = await support.OpenQueueAsync(cancellationToken);
        return Page();
    }
}
