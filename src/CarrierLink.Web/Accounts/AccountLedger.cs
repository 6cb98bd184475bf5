using CarrierLink.Carriers.Catalog;
using CarrierLink.Web.Data;
using CarrierLink.Web.Security;

namespace CarrierLink.Web.Accounts;

/// <summary>Applies connection events to an account and writes its timeline, in the caller's unit of work.</summary>
public static class AccountLedger
{
    public static Transition Apply(CarrierLinkDb db, CarrierAccount account, ConnectionEvent evt, Guid? userId = null)
    {
        var now = db.UtcNow;
        var transition = ConnectionStateMachine.Next(CarrierCatalog.Get(account.Carrier), account.State, evt);
        if (transition.Next != account.State)
        {
            account.State = transition.Next;
            account.StateChangedAt = now;
            var healthy = transition.Next is ConnectionState.Connected or ConnectionState.Pending;
            account.StateReason = healthy ? null : ControlCharacters.Clean(transition.Reason);
            account.StateReasonCode = healthy ? null : transition.ReasonCode;
            // The health engine works out what this account needs next from its new state.
            account.NextDueAt = transition.Next is ConnectionState.Disconnected or ConnectionState.Pending ? null : now;
            account.DueReason = account.NextDueAt is null ? null : DueReasons.Plan;
        }
        switch (evt)
        {
            case ConnectionEvent.Authorized:
                // A new grant: new lifetimes to warn about, nothing held, the engine plans it from scratch.
                account.LastSuccessAt = now;
                account.ExpiryWarnedDays = null;
                account.HeldByIncidentId = null;
                account.NextDueAt = now;
                account.DueReason = DueReasons.Plan;
                break;
            case ConnectionEvent.OperationSucceeded or ConnectionEvent.CarrierAccepted:
                account.LastSuccessAt = now;
                break;
            case ConnectionEvent.AuthRejected r when account.State != ConnectionState.Disconnected:
                RecordFailure(account, now, "auth", r.Reason);
                break;
            case ConnectionEvent.TransientFailure t when account.State != ConnectionState.Disconnected:
                RecordFailure(account, now, "transient", t.Reason);
                break;
        }
        if (transition.EventType is not null) Record(db, account, transition.EventType, transition.Reason ?? Describe(transition), userId);
        return transition;
    }

    /// <summary>Adds a timeline entry that is not a state change (a refused callback, a nickname edit...).</summary>
    public static void Record(CarrierLinkDb db, CarrierAccount account, string type, string detail, Guid? userId = null) =>
        db.AccountEvents.Add(new AccountEvent { AccountId = account.Id, At = db.UtcNow, Type = type, Detail = ControlCharacters.Clean(detail)!, UserId = userId });

    private static void RecordFailure(CarrierAccount account, DateTime now, string kind, string message)
    {
        account.LastFailureAt = now;
        account.LastFailureKind = kind;
        // Carriers' messages echo what was sent to them; what is stored and shown has no control characters.
        account.LastFailureMessage = ControlCharacters.Clean(message);
    }

    private static string Describe(Transition transition) => transition.EventType switch
    {
        "connected" => "The account was connected.",
        "reconnected" => "The account was reconnected.",
        "reauthorized" => "The carrier sign-in was renewed.",
        _ => $"The account is now {transition.Next.ToSlug()}.",
    };
}
