using CarrierLink.Carriers.Catalog;
using CarrierLink.Carriers.OAuth;
using CarrierLink.Carriers.Shipping;
using CarrierLink.Web.Data;
using CarrierLink.Web.Shipping;
using Microsoft.EntityFrameworkCore;

namespace CarrierLink.Web.Accounts;

/// <summary>
/// The account numbers a merchant enters when the carrier's sign-in did not name them (USPS: CRID, MID,
/// manifest MID, EPS account; docs/decisions/0005). Nothing is saved until the carrier confirmed them for the
/// signed-in account (USPS: a payment authorization, which buys nothing), so a typo cannot reach a label.
/// </summary>
public sealed class AccountDetailsCommands(CarrierLinkDb db, CarrierOperationRunner runner, ILogger<AccountDetailsCommands> logger)
{
    public static string EditPath(CarrierAccount account) => $"/settings/carriers/{account.Carrier}/accounts/{account.Id}/edit#account-details";

    public static string RequiredDetail(CarrierAccount account)
    {
        var descriptor = CarrierCatalog.Find(account.Carrier);
        var names = descriptor is null ? "account details" : string.Join(", ", descriptor.AccountDetails.Where(f => f.Required).Select(f => f.Label));
        var carrier = descriptor?.ShortName ?? account.Carrier;
        return $"{carrier} did not tell CarrierLink the {names} of {account.Nickname}. Enter them on the account's Edit page to buy and void labels; rates work already.";
    }

    public async Task<OperationOutcome<CarrierAccount>> ConfirmAsync(
        CarrierAccount account, IReadOnlyDictionary<string, string?> entered, Guid? userId, CancellationToken cancellationToken)
    {
        var descriptor = CarrierCatalog.Find(account.Carrier);
        if (descriptor is not { AccountDetails.Count: > 0 })
            return new OperationOutcome<CarrierAccount>.Rejected($"{descriptor?.Name ?? account.Carrier} accounts have no details to enter.",
                new Dictionary<string, string[]> { ["carrier"] = ["has no account details to enter"] });
        var (identity, errors) = AccountDetailFields.Build(descriptor.AccountDetails, entered);
        if (identity is null) return new OperationOutcome<CarrierAccount>.Rejected("Some account details are not valid.", errors);

        var outcome = await runner.RunAsync(account, ShippingOperationNames.ConfirmAccountDetails, idempotent: true,
            (client, session, token) => client is IAccountDetailsCheck check
                ? check.ConfirmAccountDetailsAsync(session with { Identity = identity }, token)
                : Task.FromResult<CarrierResult<bool>>(new CarrierResult<bool>.Invalid($"{descriptor.Name} cannot confirm account details.")),
            cancellationToken);
        if (outcome is not OperationOutcome<bool>.Succeeded) return outcome.Relay<bool, CarrierAccount>();

        await SaveAsync(account, identity, userId, cancellationToken);
        logger.LogInformation("{Carrier} confirmed the account details of account {AccountId} ({Identity}).", account.Carrier, account.Id, identity.Masked());
        return new OperationOutcome<CarrierAccount>.Succeeded(account);
    }

    /// <summary>Saves the confirmed numbers; a concurrent state change (the health engine) is re-read and the numbers applied to it.</summary>
    private async Task SaveAsync(CarrierAccount account, CarrierAccountIdentity identity, Guid? userId, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var replaced = account.CarrierAccountId is not null && !string.Equals(account.CarrierAccountId, identity.AccountNumber, StringComparison.Ordinal);
            AccountIdentity.Apply(account, identity);
            AccountLedger.Record(db, account, "account_details_confirmed",
                $"{CarrierCatalog.Find(account.Carrier)?.ShortName} confirmed the account details ({identity.Masked()}){(replaced ? ", replacing the earlier ones" : "")}.", userId);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (DbUpdateConcurrencyException) when (attempt < 3)
            {
                foreach (var added in db.ChangeTracker.Entries<AccountEvent>().Where(e => e.State == EntityState.Added).ToList()) added.State = EntityState.Detached;
                await db.Entry(account).ReloadAsync(cancellationToken);
            }
        }
    }
}
