using System.Text.Json.Serialization;
using CarrierLink.Web.Api;
using CarrierLink.Web.Connect.Methods;

namespace CarrierLink.Web.Accounts;

/// <summary>
/// The account after a connect step, and what comes next: the carrier's sign-in page (OAuth) or the proof the carrier
/// asks for (a registration's verification). Neither is sent when it does not apply.
/// </summary>
public sealed record ConnectAnswer(
    AccountResponse Account,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Uri? AuthorizationUrl,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] VerificationResponse? Verification);

/// <summary>The API's answer to a connect step, the same for every carrier and method.</summary>
public static class ConnectStepResults
{
    /// <summary>The account and its next step, or null when the step failed (see <see cref="Problem"/>).</summary>
    public static ConnectAnswer? Answer(this ConnectStep step) => step switch
    {
        ConnectStep.Connected connected => new(AccountResponse.From(connected.Account), null, null),
        ConnectStep.SignInAtCarrier signIn => new(AccountResponse.From(signIn.Account), signIn.Url, null),
        ConnectStep.ProofRequired proof => new(AccountResponse.From(proof.Account), null, VerificationResponse.From(proof)),
        _ => null,
    };

    public static ConnectProblem Problem(this ConnectStep step) => new(step switch
    {
        ConnectStep.Refused refused => ApiProblems.Validation(refused.Field, refused.Message),
        ConnectStep.Unavailable unavailable => ApiProblems.Unavailable(unavailable.Message, unavailable.RetryAfter),
        ConnectStep.NotAllowed notAllowed => ApiProblems.Conflict(notAllowed.Code, "The account cannot be connected this way", notAllowed.Message),
        _ => throw new InvalidOperationException("Unhandled connect step."),
    });
}

/// <summary>
/// What the carrier wants before it issues keys: the methods it offers (SMS, CALL, EMAIL for a PIN; INVOICE), where a
/// PIN would go (masked by the carrier), and where to send the next step.
/// </summary>
public sealed record VerificationResponse(IReadOnlyList<string> Methods, string? MaskedEmail, string? MaskedPhone, string? PinSentBy, string Url)
{
    public static VerificationResponse From(ConnectStep.ProofRequired proof) => new(
        proof.Challenge.Methods, proof.Challenge.MaskedEmail, proof.Challenge.MaskedPhone, proof.PinSentBy,
        $"/api/v1/carrier-accounts/{proof.Account.Id}/verification");
}
