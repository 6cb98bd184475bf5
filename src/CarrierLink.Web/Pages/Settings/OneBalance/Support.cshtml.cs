using CarrierLink.Web.Data;
using CarrierLink.Web.Support;
using Microsoft.AspNetCore.Mvc;

namespace CarrierLink.Web.Pages.Settings.OneBalance;

/// <summary>"Contact Customer Service" with Request help, and the status of the account's requests.</summary>
public sealed class SupportRequestModel(CarrierLinkDb db, SupportRequests support) : OneBalancePageModel(db)
{
    public IReadOnlyList<SupportRequest> Requests { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken)) return NotFound();
        OneBalanceBreadcrumbs("Contact Customer Service");
        Requests = await support.OfAccountAsync(id, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, string? message, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken)) return NotFound();
        await support.OpenAsync(Account, message, UserId, cancellationToken);
        return Redirect($"/settings/one-balance/{id}/support");
    }
}
