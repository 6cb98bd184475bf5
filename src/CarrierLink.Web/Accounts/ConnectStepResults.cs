using CarrierLink.Web.Api;
using CarrierLink.Web.Connect.Methods;
using CarrierLink.Web.Data;

namespace CarrierLink.Web.Accounts;

/// <summary>The API's answer to a connect step, the same for every carrier and method.</summary>
public static class ConnectStepResults
{
    /// <param name="created">A new account: 201 with its location; otherwise 200.</param>
    public static IResult ToResult(this ConnectStep step, bool created) => step switch
    {
        ConnectStep.Connected connected => Answer(created, connected.Account, new { account = AccountResponse.From(connected.Account) }),
        ConnectStep.SignInAtCarrier signIn => Answer(created, signIn.Account,
            new { account = AccountResponse.From(signIn.Account), authorization_url = signIn.Url }),
        ConnectStep.ProofRequired proof => Answer(created, proof.Account, new
        {
            account = AccountResponse.From(proof.Account),
            verification = VerificationResponse.From(proof),
        }),
        ConnectStep.Refused refused => ApiProblems.Validation(refused.Field, refused.Message),
        ConnectStep.Unavailable unavailable => ApiProblems.Unavailable(unavailable.Message, unavailable.RetryAfter),
        ConnectStep.NotAllowed notAllowed => ApiProblems.Conflict(notAllowed.Code, "The account cannot be connected this way", notAllowed.Message),
        _ => throw new InvalidOperationException("Unhandled connect step."),
    };

    private static IResult Answer(bool created, CarrierAccount account, object body) =>
        created ? Results.Created($"/api/v1/carrier-accounts/{account.Id}", body) : Results.Ok(body);
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
