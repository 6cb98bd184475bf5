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
    public sealed record AuthRejected(string Reason) : CarrierResult<T>;

    /// <summary>The carrier is failing right now (5xx, 429, timeout, dropped connection, garbage body).</summary>
    public sealed record Transient(string Reason, TimeSpan? RetryAfter = null) : CarrierResult<T>;

    /// <summary>The carrier said our request was wrong; its message is safe to show.</summary>
    public sealed record Invalid(string Message) : CarrierResult<T>;
}
