using CarrierLink.Carriers.Catalog;
using CarrierLink.Web.Accounts;
using CarrierLink.Web.Data;
using Shouldly;

namespace CarrierLink.Tests.Unit;

public sealed class ConnectionStateMachineTests
{
    private static readonly CarrierDescriptor Usps = CarrierCatalog.Get(CarrierCodes.Usps);
    private static readonly CarrierDescriptor UpsOneBalance = CarrierCatalog.Get(CarrierCodes.UpsOneBalance);

    [Theory]
    [InlineData(ConnectionState.Connected)]
    [InlineData(ConnectionState.Suspended)]
    public void A_refusal_of_a_carrier_only_support_reconnects_asks_for_support(ConnectionState from)
    {
        var transition = ConnectionStateMachine.Next(UpsOneBalance, from, new ConnectionEvent.AuthRejected("password changed"));
        transition.Next.ShouldBe(ConnectionState.SupportRequired);
        transition.EventType.ShouldBe("support_required");
        transition.ReasonCode.ShouldBe(StateReasonCodes.SupportNeeded);
    }

    [Fact]
    public void A_refusal_of_a_carrier_the_merchant_reconnects_asks_the_merchant()
    {
        var transition = ConnectionStateMachine.Next(Usps, ConnectionState.Connected, new ConnectionEvent.AuthRejected("revoked"));
        transition.Next.ShouldBe(ConnectionState.NeedsReconnect);
        transition.ReasonCode.ShouldBe(StateReasonCodes.Rejected);
    }

    [Theory]
    [InlineData(ConnectionState.Connected, OperationGate.Run)]
    [InlineData(ConnectionState.NeedsReconnect, OperationGate.ReconnectFirst)]
    [InlineData(ConnectionState.SupportRequired, OperationGate.ReconnectFirst)]
    [InlineData(ConnectionState.Suspended, OperationGate.Suspended)]
    [InlineData(ConnectionState.Pending, OperationGate.NotUsable)]
    [InlineData(ConnectionState.Disconnected, OperationGate.NotUsable)]
    public void Only_a_connected_account_runs_operations(ConnectionState state, OperationGate gate) =>
        ConnectionStateMachine.Gate(state).ShouldBe(gate);

    public static TheoryData<ConnectionState> AllStates => new(Enum.GetValues<ConnectionState>());

    [Theory]
    [MemberData(nameof(AllStates))]
    public void A_transient_failure_never_changes_the_state(ConnectionState state)
    {
        var transition = ConnectionStateMachine.Next(Usps, state, new ConnectionEvent.TransientFailure("USPS answered 503."));
        transition.Next.ShouldBe(state);
    }

    [Theory]
    [InlineData(ConnectionState.Connected, ConnectionState.NeedsReconnect, "needs_reconnect")]
    [InlineData(ConnectionState.Suspended, ConnectionState.NeedsReconnect, "needs_reconnect")]
    [InlineData(ConnectionState.Pending, ConnectionState.Pending, "connect_failed")]
    [InlineData(ConnectionState.NeedsReconnect, ConnectionState.NeedsReconnect, null)]
    [InlineData(ConnectionState.SupportRequired, ConnectionState.SupportRequired, null)]
    [InlineData(ConnectionState.Disconnected, ConnectionState.Disconnected, null)]
    public void An_auth_rejection_asks_for_a_reconnect_only_where_one_can_help(ConnectionState from, ConnectionState to, string? eventType)
    {
        var transition = ConnectionStateMachine.Next(Usps, from, new ConnectionEvent.AuthRejected("revoked"));
        transition.Next.ShouldBe(to);
        transition.EventType.ShouldBe(eventType);
    }

    [Theory]
    [InlineData(ConnectionState.Pending, "connected")]
    [InlineData(ConnectionState.Connected, "reauthorized")]
    [InlineData(ConnectionState.NeedsReconnect, "reconnected")]
    [InlineData(ConnectionState.Suspended, "reconnected")]
    [InlineData(ConnectionState.SupportRequired, "reconnected")]
    public void An_authorization_connects_and_says_whether_it_was_a_reconnect(ConnectionState from, string eventType)
    {
        var transition = ConnectionStateMachine.Next(Usps, from, new ConnectionEvent.Authorized());
        transition.Next.ShouldBe(ConnectionState.Connected);
        transition.EventType.ShouldBe(eventType);
    }

    [Theory]
    [InlineData(ConnectionState.Suspended, ConnectionState.Connected, "restored")]
    [InlineData(ConnectionState.NeedsReconnect, ConnectionState.Connected, "restored")]
    [InlineData(ConnectionState.SupportRequired, ConnectionState.Connected, "restored")]
    [InlineData(ConnectionState.Connected, ConnectionState.Connected, null)]
    [InlineData(ConnectionState.Pending, ConnectionState.Pending, null)]
    [InlineData(ConnectionState.Disconnected, ConnectionState.Disconnected, null)]
    public void A_recheck_the_carrier_accepts_restores_a_broken_account_and_nothing_else(ConnectionState from, ConnectionState to, string? eventType)
    {
        var transition = ConnectionStateMachine.Next(Usps, from, new ConnectionEvent.CarrierAccepted());
        transition.Next.ShouldBe(to);
        transition.EventType.ShouldBe(eventType);
    }

    [Fact]
    public void A_removed_account_stays_removed_whatever_the_carrier_says()
    {
        ConnectionEvent[] events = [new ConnectionEvent.Authorized(), new ConnectionEvent.AuthRejected("x"), new ConnectionEvent.OperationSucceeded(), new ConnectionEvent.SuspendedByCarrier("x"), new ConnectionEvent.CarrierAccepted()];
        foreach (var evt in events)
            ConnectionStateMachine.Next(Usps, ConnectionState.Disconnected, evt).Next.ShouldBe(ConnectionState.Disconnected);
    }

    [Theory]
    [MemberData(nameof(AllStates))]
    public void Removing_ends_in_disconnected(ConnectionState state) =>
        ConnectionStateMachine.Next(Usps, state, new ConnectionEvent.Removed()).Next.ShouldBe(ConnectionState.Disconnected);

    [Theory]
    [MemberData(nameof(AllStates))]
    public void State_slugs_round_trip(ConnectionState state) =>
        ConnectionStateSlugs.FromSlug(state.ToSlug()).ShouldBe(state);
}
