using CarrierLink.Web.Data;

namespace CarrierLink.Web.Shipping;

/// <summary>What a shipping operation came to, from the merchant's side.</summary>
public abstract record OperationOutcome<T>
{
    private OperationOutcome() { }

    public sealed record Succeeded(T Value) : OperationOutcome<T>;

    /// <summary>The carrier rejected the credentials; the account is now needs_reconnect.</summary>
    public sealed record ReconnectRequired(CarrierAccount Account, string Reason) : OperationOutcome<T>;

    /// <summary>The carrier kept failing; nothing about the account changed.</summary>
    public sealed record CarrierUnavailable(string Reason, TimeSpan RetryAfter, bool MayHaveBeenProcessed) : OperationOutcome<T>;

    public sealed record Rejected(string Message, IReadOnlyDictionary<string, string[]>? FieldErrors) : OperationOutcome<T>;

    public sealed record AccountSuspended(string Reason) : OperationOutcome<T>;

    /// <summary>The request conflicts with an earlier one (an Idempotency-Key reused or still running, an outcome unknown).</summary>
    public sealed record Conflict(string Type, string Title, string Detail) : OperationOutcome<T>;

    /// <summary>A well-formed request that cannot be done as asked (a reused Idempotency-Key with another body): 422.</summary>
    public sealed record Unprocessable(string Type, string Title, string Detail) : OperationOutcome<T>;

    /// <summary>The carrier needs account numbers its sign-in did not name (USPS CRID, MIDs, EPS account): the merchant enters them on Edit.</summary>
    public sealed record AccountDetailsRequired(CarrierAccount Account) : OperationOutcome<T>;

    /// <summary>The account cannot be used right now (pending, support only, removed).</summary>
    public sealed record NotUsable(ConnectionState State) : OperationOutcome<T>;
}

public static class OperationOutcomes
{
    /// <summary>Carries a failure over to another result type (the value types differ, the failure does not).</summary>
    public static OperationOutcome<TOut> Relay<TIn, TOut>(this OperationOutcome<TIn> failure) => failure switch
    {
        OperationOutcome<TIn>.ReconnectRequired r => new OperationOutcome<TOut>.ReconnectRequired(r.Account, r.Reason),
        OperationOutcome<TIn>.CarrierUnavailable u => new OperationOutcome<TOut>.CarrierUnavailable(u.Reason, u.RetryAfter, u.MayHaveBeenProcessed),
        OperationOutcome<TIn>.Rejected r => new OperationOutcome<TOut>.Rejected(r.Message, r.FieldErrors),
        OperationOutcome<TIn>.AccountSuspended s => new OperationOutcome<TOut>.AccountSuspended(s.Reason),
        OperationOutcome<TIn>.Conflict c => new OperationOutcome<TOut>.Conflict(c.Type, c.Title, c.Detail),
        OperationOutcome<TIn>.Unprocessable u => new OperationOutcome<TOut>.Unprocessable(u.Type, u.Title, u.Detail),
        OperationOutcome<TIn>.NotUsable n => new OperationOutcome<TOut>.NotUsable(n.State),
        OperationOutcome<TIn>.AccountDetailsRequired d => new OperationOutcome<TOut>.AccountDetailsRequired(d.Account),
        _ => throw new InvalidOperationException("Only failures are relayed."),
    };
}
