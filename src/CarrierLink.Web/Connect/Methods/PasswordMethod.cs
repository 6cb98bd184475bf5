using CarrierLink.Carriers.Catalog;
using CarrierLink.Web.Data;
using CarrierLink.Web.OneBalance;

namespace CarrierLink.Web.Connect.Methods;

/// <summary>A username and password CarrierLink keeps (One Balance): verified with the carrier before anything is saved.</summary>
public sealed class PasswordMethod(PasswordConnections passwords) : IConnectMethod
{
    public ConnectMethod Method => ConnectMethod.Password;

    public bool IsAvailable(CarrierDescriptor carrier) => passwords.Supports(carrier.Code);

    public IReadOnlyList<ConnectField> FieldsFor(CarrierDescriptor carrier) => PasswordFields;

    internal static readonly IReadOnlyList<ConnectField> PasswordFields =
    [
        new("username", "Username", "The username you sign in to Stamps.com with.", Autocomplete: "username", FixedOnReconnect: true),
        new("password", "Password", "Your Stamps.com password; CarrierLink keeps it encrypted.", Autocomplete: "current-password"),
    ];

    public async Task<ConnectStep> ConnectAsync(NewConnection connection, CancellationToken cancellationToken)
    {
        var username = connection.Input["username"];
        var outcome = await passwords.ConnectAsync(connection.MerchantId, connection.Carrier.Code, connection.Nickname, username,
            connection.Input["password"], connection.UserId, cancellationToken);
        return Step(outcome, string.IsNullOrWhiteSpace(username) ? "username" : "password", wasReconnect: false);
    }

    public async Task<ConnectStep> ReconnectAsync(CarrierAccount account, ConnectInput input, Guid? userId, CancellationToken cancellationToken) =>
        Step(await passwords.ReconnectAsync(account, input["password"], userId, cancellationToken), "password", wasReconnect: true);

    public Task<ConnectStep> ContinueAsync(CarrierAccount account, ConnectInput input, Guid? userId, CancellationToken cancellationToken) =>
        ReconnectAsync(account, input, userId, cancellationToken);

    internal static ConnectStep Step(PasswordOutcome outcome, string field, bool wasReconnect) => outcome switch
    {
        PasswordOutcome.Done done => new ConnectStep.Connected(done.Account, wasReconnect),
        PasswordOutcome.Refused refused => new ConnectStep.Refused(field, refused.Message),
        PasswordOutcome.Unavailable unavailable => new ConnectStep.Unavailable(unavailable.Message, unavailable.RetryAfter),
        PasswordOutcome.NotAllowed notAllowed => new ConnectStep.NotAllowed("reconnect-not-allowed", notAllowed.Message),
        PasswordOutcome.ReconnectRequired broken => new ConnectStep.Refused(field, broken.Message),
        _ => throw new InvalidOperationException("Unhandled password outcome."),
    };
}
