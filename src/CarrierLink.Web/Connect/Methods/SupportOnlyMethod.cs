using CarrierLink.Carriers.Catalog;
using CarrierLink.Web.Data;
using CarrierLink.Web.OneBalance;

namespace CarrierLink.Web.Connect.Methods;

/// <summary>
/// Connected with the One Balance username and password like <see cref="PasswordMethod"/>, but only the platform's
/// Customer Service can reconnect it (UPS through One Balance): the merchant's reconnect is refused with the way to ask.
/// Support agents reconnect through <see cref="Support.SupportRequests"/>.
/// </summary>
public sealed class SupportOnlyMethod(PasswordConnections passwords) : IConnectMethod
{
    public ConnectMethod Method => ConnectMethod.SupportOnly;

    public bool IsAvailable(CarrierDescriptor carrier) => passwords.Supports(carrier.Code);

    public IReadOnlyList<ConnectField> FieldsFor(CarrierDescriptor carrier) => PasswordMethod.PasswordFields;

    public async Task<ConnectStep> ConnectAsync(NewConnection connection, CancellationToken cancellationToken)
    {
        var username = connection.Input["username"];
        var outcome = await passwords.ConnectAsync(connection.MerchantId, connection.Carrier.Code, connection.Nickname, username,
            connection.Input["password"], connection.UserId, cancellationToken);
        return PasswordMethod.Step(outcome, string.IsNullOrWhiteSpace(username) ? "username" : "password", wasReconnect: false);
    }

    public Task<ConnectStep> ReconnectAsync(CarrierAccount account, ConnectInput input, Guid? userId, CancellationToken cancellationToken) =>
        Task.FromResult<ConnectStep>(new ConnectStep.NotAllowed("support-required",
            $"Only Customer Service can reconnect a {CarrierCatalog.Get(account.Carrier).Name} account: open a support request."));

    public Task<ConnectStep> ContinueAsync(CarrierAccount account, ConnectInput input, Guid? userId, CancellationToken cancellationToken) =>
        ReconnectAsync(account, input, userId, cancellationToken);
}
