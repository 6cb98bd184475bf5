using CarrierLink.Carriers.Catalog;
using CarrierLink.Web.Data;

namespace CarrierLink.Web.Accounts;

/// <summary>Something that happened to a connection, as the state machine sees it.</summary>
public abstract record ConnectionEvent
{
    private ConnectionEvent() { }

    /// <summary>The carrier granted access (consent finished, or a password verified).</summary>
    public sealed record Authorized : ConnectionEvent;

    /// <summary>The carrier refused our credentials: only this asks the merchant to reconnect.</summary>
    /// <param name="Code">Why, as a fact (<see cref="StateReasonCodes"/>): a revocation, or an answer CarrierLink lost.</param>
    public sealed record AuthRejected(string Reason, string Code = StateReasonCodes.Rejected) : ConnectionEvent;

    /// <summary>A background re-check proved the stored credentials work again (renewed and used).</summary>
    public sealed record CarrierAccepted : ConnectionEvent;

    /// <summary>The carrier was unavailable; never a reason to change state.</summary>
    public sealed record TransientFailure(string Reason) : ConnectionEvent;

    public sealed record OperationSucceeded : ConnectionEvent;

    public sealed record SuspendedByCarrier(string Reason) : ConnectionEvent;

    public sealed record SupportNeeded(string Reason) : ConnectionEvent;

    public sealed record Removed : ConnectionEvent;
}

/// <summary>The next state and the timeline entry a transition writes (null: nothing to record).</summary>
/// <param name="ReasonCode">Why the account left a healthy state, as a fact (<see cref="StateReasonCodes"/>).</param>
public sealed record Transition(ConnectionState Next, string? EventType, string? Reason)
{
    public string? ReasonCode { get; init; }
}

/// <summary>Whether an account in a state may run a shipping operation, and if not, what to tell the caller.</summary>
public enum OperationGate { Run, ReconnectFirst, Suspended, NotUsable }

/// <summary>The rules of product.md's "Connection states" table, as one switch, read through the carrier's descriptor.</summary>
public static class ConnectionStateMachine
{
    /// <summary>What <paramref name="evt"/> does to an account of <paramref name="carrier"/> in <paramref name="current"/>.</summary>
    public static Transition Next(CarrierDescriptor carrier, ConnectionState current, ConnectionEvent evt)
    {
        var meant = Interpret(carrier, evt);
        return Next(current, meant) with { ReasonCode = ReasonCode(meant) };
    }

    /// <summary>Only a connected account runs operations; a broken one asks for its fix, whoever can make it.</summary>
    public static OperationGate Gate(ConnectionState state) => state switch
    {
        ConnectionState.Connected => OperationGate.Run,
        ConnectionState.NeedsReconnect or ConnectionState.SupportRequired => OperationGate.ReconnectFirst,
        ConnectionState.Suspended => OperationGate.Suspended,
        _ => OperationGate.NotUsable,
    };

    /// <summary>
    /// The carrier's refusal means something different per carrier: where only Customer Service can reconnect
    /// (UPS through One Balance), asking the merchant would be a dead end, so it breaks to support_required.
    /// </summary>
    private static ConnectionEvent Interpret(CarrierDescriptor carrier, ConnectionEvent evt) => (carrier.ReconnectedBy, evt) switch
    {
        (Reconnector.Support, ConnectionEvent.AuthRejected r) => new ConnectionEvent.SupportNeeded(r.Reason),
        _ => evt,
    };

    private static string? ReasonCode(ConnectionEvent evt) => evt switch
    {
        ConnectionEvent.AuthRejected r => r.Code,
        ConnectionEvent.SuspendedByCarrier => StateReasonCodes.Suspended,
        ConnectionEvent.SupportNeeded => StateReasonCodes.SupportNeeded,
        _ => null,
    };

    private static Transition Next(ConnectionState current, ConnectionEvent evt) => (current, evt) switch
    {
        // A removed account stays removed: nothing a carrier says can bring it back.
        (ConnectionState.Disconnected, _) => new(ConnectionState.Disconnected, null, null),

        (_, ConnectionEvent.Removed) => new(ConnectionState.Disconnected, "disconnected", "Removed by the merchant."),

        (ConnectionState.Pending, ConnectionEvent.Authorized) => new(ConnectionState.Connected, "connected", null),
        (ConnectionState.Connected, ConnectionEvent.Authorized) => new(ConnectionState.Connected, "reauthorized", null),
        (_, ConnectionEvent.Authorized) => new(ConnectionState.Connected, "reconnected", null),

        // A pending account never worked, so a rejection there is a failed attempt, not a break.
        (ConnectionState.Pending, ConnectionEvent.AuthRejected r) => new(ConnectionState.Pending, "connect_failed", r.Reason),
        (ConnectionState.NeedsReconnect, ConnectionEvent.AuthRejected) => new(ConnectionState.NeedsReconnect, null, null),
        // Only support can fix these; a rejection does not make the merchant able to.
        (ConnectionState.SupportRequired, ConnectionEvent.AuthRejected) => new(ConnectionState.SupportRequired, null, null),
        (_, ConnectionEvent.AuthRejected r) => new(ConnectionState.NeedsReconnect, "needs_reconnect", r.Reason),

        (var same, ConnectionEvent.TransientFailure t) => new(same, "transient_failure", t.Reason),

        // Success proves the credentials work, but only a real authorization leaves these states.
        (var same, ConnectionEvent.OperationSucceeded) => new(same, null, null),

        // A re-check renewed the credentials and the carrier served a call with them: the break is over.
        (ConnectionState.Suspended or ConnectionState.NeedsReconnect or ConnectionState.SupportRequired, ConnectionEvent.CarrierAccepted)
            => new(ConnectionState.Connected, "restored", "The carrier accepts the connection again."),
        (var same, ConnectionEvent.CarrierAccepted) => new(same, null, null),

        (ConnectionState.Suspended, ConnectionEvent.SuspendedByCarrier) => new(ConnectionState.Suspended, null, null),
        (_, ConnectionEvent.SuspendedByCarrier s) => new(ConnectionState.Suspended, "suspended", s.Reason),

        (ConnectionState.SupportRequired, ConnectionEvent.SupportNeeded) => new(ConnectionState.SupportRequired, null, null),
        (_, ConnectionEvent.SupportNeeded s) => new(ConnectionState.SupportRequired, "support_required", s.Reason),

        _ => throw new ArgumentOutOfRangeException(nameof(evt), evt, "Unhandled connection event."),
    };
}
