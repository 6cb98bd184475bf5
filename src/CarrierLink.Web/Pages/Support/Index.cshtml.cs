using CarrierLink.Web.Merchants;
using CarrierLink.Web.OneBalance;
using CarrierLink.Web.Support;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CarrierLink.Web.Pages.Support;

/// <summary>The platform's support agents: open requests, reconnect the account, close the request.</summary>
public sealed class SupportQueueModel(SupportRequests support) : PageModel
{
    public IReadOnlyList<SupportQueueItem> Queue { get; private set; } = [];
    public string? Message { get; private set; }
    public bool MessageIsError { get; private set; }

    private Guid AgentId => CarrierLinkClaims.UserIdOf(User) ?? throw new InvalidOperationException("Support pages need a signed-in agent.");

    public async Task OnGetAsync(CancellationToken cancellationToken) => Queue = await support.OpenQueueAsync(cancellationToken);

    public async Task<IActionResult> OnPostReconnectAsync(Guid requestId, string? password, CancellationToken cancellationToken)
    {
        if (await support.FindAsync(requestId, cancellationToken) is not { } request) return NotFound();
        (Message, MessageIsError) = await support.ReconnectAsync(request, password, AgentId, cancellationToken) switch
        {
            PasswordOutcome.Done => ("The account is reconnected. Close the request when the merchant is told.", false),
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
        if (await support.FindAsync(requestId, cancellationToken) is not { } request) return NotFound();
        await support.CloseAsync(request, resolution, AgentId, cancellationToken);
        return Redirect("/support");
    }
}
