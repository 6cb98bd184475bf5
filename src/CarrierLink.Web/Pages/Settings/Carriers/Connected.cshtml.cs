using CarrierLink.Web.Accounts;
using CarrierLink.Web.Connect;
using CarrierLink.Web.Data;
using CarrierLink.Web.Shipping;
using Microsoft.AspNetCore.Mvc;

namespace CarrierLink.Web.Pages.Settings.Carriers;

/// <summary>Where a successful carrier sign-in lands: offers what the break interrupted; Done returns to the carrier's Settings screen.</summary>
public sealed class ConnectedModel(CarrierLinkDb db, ResumableOperations resumable, AccountCommands commands) : AccountPageModel(db)
{
    /// <summary>Another live account of the merchant that signed in as the same carrier account (issue 9: never silent).</summary>
    public CarrierAccount? SameAs { get; private set; }

    public bool Reconnected { get; private set; }
    public IReadOnlyList<FailedOperation> Pending { get; private set; } = [];
    public ResumeResult? Result { get; private set; }

    /// <summary>Done returns to the carrier's Settings screen (One Balance accounts: One Balance and Carriers).</summary>
    public string DoneHref => CarrierPages.Home(Descriptor);

    public async Task<IActionResult> OnGetAsync(string carrier, Guid id, bool reconnected, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(carrier, id, cancellationToken)) return NotFound();
        Reconnected = reconnected;
        AccountBreadcrumbs(reconnected ? "Reconnected" : "Connected");
        Pending = await resumable.PendingAsync(Account.Id, cancellationToken);
        SameAs = await SameCarrierAccount.OtherThanAsync(Db, Account, cancellationToken);
        return Page();
    }

    /// <summary>"Remove this one" on the same-account warning: the connection just made goes, the older one stays.</summary>
    public async Task<IActionResult> OnPostRemoveDuplicateAsync(string carrier, Guid id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(carrier, id, cancellationToken)) return NotFound();
        if (await SameCarrierAccount.OtherThanAsync(Db, Account, cancellationToken) is null) return Redirect(DoneHref);
        await commands.DisconnectAsync(Account, UserId, cancellationToken);
        return Redirect(DoneHref);
    }

    public async Task<IActionResult> OnPostResumeAsync(string carrier, Guid id, Guid operationId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(carrier, id, cancellationToken)) return NotFound();
        Reconnected = true;
        AccountBreadcrumbs("Reconnected");
        Result = await resumable.ResumeAsync(Account, operationId, cancellationToken);
        Pending = await resumable.PendingAsync(Account.Id, cancellationToken);
        return Page();
    }
}
