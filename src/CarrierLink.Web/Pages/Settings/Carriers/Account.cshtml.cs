using CarrierLink.Web.Accounts;
using CarrierLink.Web.Data;
using CarrierLink.Web.Health;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CarrierLink.Web.Pages.Settings.Carriers;

public sealed class AccountModel(CarrierLinkDb db, IOptions<HealthOptions> health, TimeProvider time) : AccountPageModel(db)
{
    public const int TimelineLength = 50;

    public IReadOnlyList<AccountEvent> Timeline { get; private set; } = [];

    /// <summary>When the carrier's grant ends for good, if it does (USPS: 7 days after consent).</summary>
    public DateTime? GrantExpiresAt { get; private set; }

    /// <summary>The grant ends within the warning window: say so, with Reconnect.</summary>
    public bool GrantEndingSoon { get; private set; }

    public DateTime Now { get; private set; }

    public async Task<IActionResult> OnGetAsync(string carrier, Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(carrier, id, cancellationToken)) return NotFound();
        AccountBreadcrumbs();
        Timeline = await Db.TimelineAsync(Account.Id, TimelineLength, null, cancellationToken);
        Now = time.GetUtcNow().UtcDateTime;
        GrantExpiresAt = await Db.GrantExpiresAtAsync(Account.Id, cancellationToken);
        GrantEndingSoon = Account.State == ConnectionState.Connected && GrantExpiresAt is { } ends
            && ends - Now <= TimeSpan.FromDays(health.Value.ExpiryWarningDays.DefaultIfEmpty(0).Max());
        return Page();
    }
}
