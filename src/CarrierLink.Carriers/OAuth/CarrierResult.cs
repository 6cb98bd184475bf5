namespace CarrierLink.Carriers.OAuth;

/// <summary>
/// What a carrier call came to. Expected failures are values so the connection state machine can
/// be a plain switch: only <see cref="AuthRejected"/> ever sends an account to needs_reconnect.
/// </summary>
public abstract record CarrierResult<T>
{
    private CarrierResult() { }

    public sealed record Success(T Value) : CarrierResult<T>;

    /// <summary>The carrier refused our credentials (revoked or expired grant, changed password).</summary>
    /// <param name="AnswerLost">
    /// The refusal followed a refresh whose answer CarrierLink never received (or could not store): the
    /// carrier likely rotated the grant for us, so the merchant must reconnect, but nobody revoked anything.
    /// </param>
    public sealed record AuthRejected(string Reason, bool AnswerLost = false) : CarrierResult<T>
    {
        /// <summary>The carrier said what the merchant must do (Stamps.com: set a new password first): show the reason as it is.</summary>
        public bool TellsTheMerchant { get; init; }
    }

    /// <summary>
    /// The carrier is failing right now. <paramref name="MayHaveBeenProcessed"/> is true when the
    /// request may have reached the carrier (timeout, dropped connection, 5xx): retrying a purchase
    /// then could buy twice.
    /// </summary>
    public sealed record Transient(string Reason, TimeSpan? RetryAfter = null, bool MayHaveBeenProcessed = false) : CarrierResult<T>;

    /// <summary>The carrier said our request was wrong; its message is safe to show.</summary>
    public sealed record Invalid(string Message, IReadOnlyDictionary<string, string[]>? FieldErrors = null) : CarrierResult<T>;

    /// <summary>The carrier suspended the account itself; its reason is safe to show.</summary>
    public sealed record Suspended(string Reason) : CarrierResult<T>;

    /// <summary>Carries a failure over to a call of another result type (a step of a longer operation failed).</summary>
    public CarrierResult<TOut> Relay<TOut>() => this switch
    {
        AuthRejected r => new CarrierResult<TOut>.AuthRejected(r.Reason, r.AnswerLost) { TellsTheMerchant = r.TellsTheMerchant },
        Transient t => new CarrierResult<TOut>.Transient(t.Reason, t.RetryAfter, t.MayHaveBeenProcessed),
        Invalid i => new CarrierResult<TOut>.Invalid(i.Message, i.FieldErrors),
        Suspended s => new CarrierResult<TOut>.Suspended(s.Reason),
        _ => throw new InvalidOperationException("Only failures are relayed."),
    };
}
