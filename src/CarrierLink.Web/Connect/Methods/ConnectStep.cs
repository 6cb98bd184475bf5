using CarrierLink.Carriers.Registration;
using CarrierLink.Web.Data;

namespace CarrierLink.Web.Connect.Methods;

/// <summary>Where a connect or reconnect stands after one step, whatever the carrier's method; pages and API map it to their answers.</summary>
public abstract record ConnectStep
{
    private ConnectStep() { }

    /// <summary>The carrier accepted the account: it is connected (or reconnected, the same account).</summary>
    public sealed record Connected(CarrierAccount Account, bool WasReconnect) : ConnectStep;

    /// <summary>The merchant signs in on the carrier's own page; the carrier sends the browser back to the callback.</summary>
    public sealed record SignInAtCarrier(CarrierAccount Account, Uri Url) : ConnectStep;

    /// <summary>The carrier wants proof the merchant owns the account before it issues keys (FedEx: a PIN or an invoice).</summary>
    /// <param name="PinSentBy">Set once a PIN is on its way (SMS, CALL or EMAIL): the next step is entering it.</param>
    public sealed record ProofRequired(CarrierAccount Account, MfaChallenge Challenge, string? PinSentBy) : ConnectStep;

    /// <summary>What the merchant gave was refused; <paramref name="Field"/> names the input, the message is safe to show.</summary>
    public sealed record Refused(string Field, string Message) : ConnectStep;

    /// <summary>The carrier could not be asked right now; nothing changed.</summary>
    public sealed record Unavailable(string Message, TimeSpan? RetryAfter) : ConnectStep;

    /// <summary>This account cannot be (re)connected this way (only Customer Service reconnects it, or it was removed).</summary>
    public sealed record NotAllowed(string Code, string Message) : ConnectStep;
}
