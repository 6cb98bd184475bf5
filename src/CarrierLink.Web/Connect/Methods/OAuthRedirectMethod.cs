using CarrierLink.Carriers.Catalog;
using CarrierLink.Web.Accounts;
using CarrierLink.Web.Data;

namespace CarrierLink.Web.Connect.Methods;

/// <summary>
/// The carrier's own sign-in page (USPS, UPS): the account waits pending, the browser goes to the carrier, and the
/// callback (<see cref="OAuthConnectFlow.CompleteAsync"/>) connects it. Reconnecting is the same redirect.
/// </summary>
public sealed class OAuthRedirectMethod(CarrierLinkDb db, OAuthConnectFlow flow) : IConnectMethod
{
    public ConnectMethod Method => ConnectMethod.OAuth;

    public bool IsAvailable(CarrierDescriptor carrier) => flow.Supports(carrier.Code);

    public IReadOnlyList<ConnectField> FieldsFor(CarrierDescriptor carrier) =>
        carrier.AccountDetailsBeforeSignIn ? carrier.AccountDetails.Select(ConnectField.From).ToList() : [];

    public async Task<ConnectStep> ConnectAsync(NewConnection connection, CancellationToken cancellationToken)
    {
        var carrier = connection.Carrier;
        Carriers.OAuth.CarrierAccountIdentity? identity = null;
        if (carrier.AccountDetailsBeforeSignIn)
        {
            // UPS's sign-in names no account: take the shipper number now; the carrier confirms it after the sign-in.
            var (entered, errors) = AccountDetailFields.Build(carrier.AccountDetails, connection.Input.Fields);
            if (errors.Count > 0) return new ConnectStep.Refused(errors.Keys.First(), errors.Values.First()[0]);
            identity = entered;
        }

        var account = new CarrierAccount
        {
            MerchantId = connection.MerchantId,
            Carrier = carrier.Code,
            Nickname = connection.Nickname,
            State = ConnectionState.Pending,
            StateChangedAt = db.UtcNow,
        };
        if (identity is not null) AccountIdentity.Apply(account, identity);
        db.CarrierAccounts.Add(account);
        AccountLedger.Record(db, account, "created", $"Account \"{account.Nickname}\" was added; waiting for the {carrier.ShortName} sign-in.", connection.UserId);
        await db.SaveChangesAsync(cancellationToken);
        return new ConnectStep.SignInAtCarrier(account, await flow.StartAsync(account, connection.UserId, cancellationToken));
    }

    public async Task<ConnectStep> ReconnectAsync(CarrierAccount account, ConnectInput input, Guid? userId, CancellationToken cancellationToken) =>
        new ConnectStep.SignInAtCarrier(account, await flow.StartAsync(account, userId, cancellationToken));

    /// <summary>The carrier's callback finishes this method, not a further form.</summary>
    public Task<ConnectStep> ContinueAsync(CarrierAccount account, ConnectInput input, Guid? userId, CancellationToken cancellationToken) =>
        ReconnectAsync(account, input, userId, cancellationToken);
}
