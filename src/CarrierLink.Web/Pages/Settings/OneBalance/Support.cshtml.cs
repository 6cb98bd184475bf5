using CarrierLink.Web.Data;
using CarrierLink.Web.Security;
using CarrierLink.Web.Support;
using Microsoft.AspNetCore.Mvc;

namespace CarrierLink.Web.Pages.Settings.OneBalance;

/// <summary>"Contact Customer Service" with Request help, and the status of the account's requests.</summary>
public sealed class SupportRequestModel(CarrierLinkDb db, SupportRequests support) : OneBalancePageModel(db)
{
    public const int MaxPasswordLength = 200;

    public IReadOnlyList<SupportRequest> Requests { get; private set; } = [];
    public string? PasswordError { get; private set; }
    public string? Message { get; private set; }

    /// <summary>Why Customer Service is not the way back for this account (Request help is then not offered); null when it is.</summary>
    public SupportRefusal? Refusal { get; private set; }

    /// <summary>Stamps.com refused the password handed over with the open request: it was discarded, and the merchant should send the current one.</summary>
    public bool GivenPasswordRefused { get; private set; }

    /// <summary>The latest request, when it closed because the account is connected again: the merchant is told so here.</summary>
    public SupportRequest? ClosedByReconnect => Requests.Count > 0 && Requests[0] is { Status: SupportRequestStatuses.Closed } latest
        && latest.ClosedBecause is SupportRequestClosings.SupportReconnected or SupportRequestClosings.AccountConnected ? latest : null;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken)) return NotFound();
        OneBalanceBreadcrumbs("Contact Customer Service");
        Refusal = SupportNeed.RefusalFor(Account);
        Requests = await support.OfAccountAsync(id, cancellationToken);
        GivenPasswordRefused = Requests.Count > 0 && Requests[0] is { Status: SupportRequestStatuses.Open } open && await support.GivenPasswordRefusedAsync(open, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, string? message, CancellationToken cancellationToken)
    {
        var newPassword = Request.Secret("newPassword");
        if (!await LoadAsync(id, cancellationToken)) return NotFound();
        if (SupportNeed.RefusalFor(Account) is { } refusal) return await RefusedAsync(refusal, cancellationToken);
        if (newPassword is { Length: > MaxPasswordLength })
        {
            // The password is not echoed back: the field comes back empty with the reason next to it.
            PasswordError = $"A One Balance password is at most {MaxPasswordLength} characters; check what you typed.";
            Message = message;
            OneBalanceBreadcrumbs("Contact Customer Service");
            Requests = await support.OfAccountAsync(id, cancellationToken);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
        return await support.OpenAsync(Account, message, UserId, cancellationToken, newPassword) switch
        {
            SupportOpening.Refused refused => await RefusedAsync(refused.Refusal, cancellationToken),
            _ => Redirect($"/settings/one-balance/{id}/support"),
        };
    }

    /// <summary>A post the page did not offer (or the account changed meanwhile): nothing was stored, and the page says why.</summary>
    private async Task<IActionResult> RefusedAsync(SupportRefusal refusal, CancellationToken cancellationToken)
    {
        Refusal = refusal;
        OneBalanceBreadcrumbs("Contact Customer Service");
        Requests = await support.OfAccountAsync(Account.Id, cancellationToken);
        Response.StatusCode = StatusCodes.Status409Conflict;
        return Page();
    }
}
