using CarrierLink.Carriers.Catalog;
using CarrierLink.Web.Accounts;
using CarrierLink.Web.Data;
using CarrierLink.Web.Shipping;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CarrierLink.Web.Pages.Ship;

/// <summary>
/// What the Ship pages share: the merchant's shipping accounts, the chosen one and its carrier from the catalogue,
/// and how an operation's failure reads to a merchant (with the one action that fixes a broken account).
/// </summary>
public abstract class ShipPageModel(CarrierLinkDb db, AccountCommands commands) : MerchantPageModel
{
    protected CarrierLinkDb Db => db;

    public IReadOnlyList<CarrierAccount> Accounts { get; private set; } = [];
    public CarrierAccount? Account { get; private set; }

    /// <summary>The chosen account's carrier: its name, services and operations.</summary>
    public CarrierDescriptor Carrier { get; private set; } = null!;

    public string? Message { get; protected set; }
    public bool MessageIsError { get; protected set; }

    /// <summary>The failure came from a broken connection: the message carries the account's fixing action.</summary>
    public bool ShowFix { get; protected set; }

    /// <summary>A success carried over a redirect (post/redirect/get), so a reload repeats nothing.</summary>
    [TempData] public string? Done { get; set; }

    protected async Task<bool> LoadAsync(Guid? accountId, CancellationToken cancellationToken)
    {
        Accounts = await AccountsAsync(cancellationToken);
        if (Accounts.Count == 0) return accountId is null;
        Account = accountId is { } id ? Accounts.FirstOrDefault(a => a.Id == id) : Accounts[0];
        if (Account is null) return false;
        Carrier = CarrierCatalog.Find(Account.Carrier)!;
        return true;
    }

    private async Task<List<CarrierAccount>> AccountsAsync(CancellationToken cancellationToken)
    {
        var accounts = await db.ActiveOf(MerchantId).AsNoTracking()
            .Where(a => a.State != ConnectionState.Pending)
            .OrderBy(a => a.Nickname)
            .ToListAsync(cancellationToken);
        return accounts.Where(a => commands.CanShip(a.Carrier) && CarrierCatalog.Find(a.Carrier) is not null).ToList();
    }

    /// <summary>Redirects back to the Ship screen with <paramref name="done"/> shown once.</summary>
    protected IActionResult ShipScreen(string done)
    {
        Done = done;
        return Redirect($"/ship?account={Account!.Id}");
    }

    /// <summary>Shows a failed operation in the merchant's words; the account is re-read, as the failure may have changed its state.</summary>
    protected async Task ShowFailureAsync<T>(OperationOutcome<T> outcome, CancellationToken cancellationToken)
    {
        var carrier = Carrier.Name;
        var account = Account!;
        Message = outcome switch
        {
            OperationOutcome<T>.ReconnectRequired { Account.State: ConnectionState.SupportRequired } =>
                $"{carrier} no longer accepts CarrierLink's connection to {account.Nickname}. Only Customer Service can reconnect this account: request help to continue; nothing was lost.",
            OperationOutcome<T>.ReconnectRequired => $"{carrier} no longer accepts CarrierLink's connection to {account.Nickname}. Reconnect it to continue; nothing was lost.",
            OperationOutcome<T>.CarrierUnavailable => $"{carrier} is having trouble right now. Nothing changed; try again in a few minutes.",
            OperationOutcome<T>.Rejected r => $"{carrier} could not do that: {r.Message}",
            OperationOutcome<T>.AccountSuspended s => $"{carrier} suspended this account: {s.Reason}",
            OperationOutcome<T>.Conflict c => c.Detail,
            OperationOutcome<T>.Unprocessable u => u.Detail,
            OperationOutcome<T>.NotUsable n => $"{account.Nickname} is not connected ({StateLabels.Label(n.State)}).",
            OperationOutcome<T>.AccountDetailsRequired d => AccountDetailsCommands.RequiredDetail(d.Account),
            _ => "Something unexpected happened. Nothing changed; try again.",
        };
        MessageIsError = true;
        ShowFix = outcome is OperationOutcome<T>.ReconnectRequired or OperationOutcome<T>.AccountDetailsRequired;
        Response.StatusCode = outcome switch
        {
            OperationOutcome<T>.ReconnectRequired => StatusCodes.Status424FailedDependency,
            OperationOutcome<T>.AccountDetailsRequired => StatusCodes.Status409Conflict,
            _ => StatusCodes.Status400BadRequest,
        };
        // The account may have changed state (needs_reconnect): show it as it now is.
        var id = account.Id;
        await LoadAsync(id, cancellationToken);
    }
}
