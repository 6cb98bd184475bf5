using CarrierLink.Carriers.Catalog;
using CarrierLink.Web.Data;

namespace CarrierLink.Web.Connect.Methods;

/// <summary>What the merchant typed for a connect step, by field name (username, password, shipper_number, pin...).</summary>
public sealed class ConnectInput(IReadOnlyDictionary<string, string?> fields)
{
    public static readonly ConnectInput None = new(new Dictionary<string, string?>());

    public IReadOnlyDictionary<string, string?> Fields => fields;

    public string? this[string name] => fields.TryGetValue(name, out var value) ? value : null;

    public static ConnectInput Of(params (string Name, string? Value)[] values) =>
        new(values.Where(v => v.Value is not null).ToDictionary(v => v.Name, v => v.Value));

    /// <summary>Never the values: some are passwords.</summary>
    public override string ToString() => $"ConnectInput({string.Join(", ", fields.Keys)})";
}

/// <summary>A new account to connect: whose, which carrier, its nickname and what the merchant entered.</summary>
public sealed record NewConnection(Guid MerchantId, CarrierDescriptor Carrier, string Nickname, ConnectInput Input, Guid? UserId);

/// <summary>
/// One way of connecting carrier accounts (the catalogue's <see cref="ConnectMethod"/>). Pages, the API and the
/// account commands dispatch through it by the carrier's descriptor, so a new carrier with a known method needs no
/// page or API code.
/// </summary>
public interface IConnectMethod
{
    ConnectMethod Method { get; }

    /// <summary>Whether this deployment can connect <paramref name="carrier"/> this way (its client is configured).</summary>
    bool IsAvailable(CarrierDescriptor carrier);

    /// <summary>What the add (and reconnect) form asks the merchant, besides the nickname.</summary>
    IReadOnlyList<ConnectField> FieldsFor(CarrierDescriptor carrier);

    Task<ConnectStep> ConnectAsync(NewConnection connection, CancellationToken cancellationToken);

    /// <summary>Brings a broken (or pending) account back, keeping the same account, its settings and history.</summary>
    Task<ConnectStep> ReconnectAsync(CarrierAccount account, ConnectInput input, Guid? userId, CancellationToken cancellationToken);

    /// <summary>The next step of a connect that needs more than one (FedEx: choose a PIN or an invoice, then give it).</summary>
    Task<ConnectStep> ContinueAsync(CarrierAccount account, ConnectInput input, Guid? userId, CancellationToken cancellationToken);
}
