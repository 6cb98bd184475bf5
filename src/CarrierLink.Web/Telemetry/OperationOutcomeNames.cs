using CarrierLink.Carriers.OAuth;
using CarrierLink.Web.Shipping;
using CarrierLink.Web.Tokens;

namespace CarrierLink.Web.Telemetry;

/// <summary>The outcome tags of the metrics: a short fixed vocabulary, the same on every node and carrier.</summary>
public static class OperationOutcomeNames
{
    public static string Of<T>(OperationOutcome<T> outcome) => outcome switch
    {
        OperationOutcome<T>.Succeeded => "succeeded",
        OperationOutcome<T>.ReconnectRequired => "reconnect_required",
        OperationOutcome<T>.CarrierUnavailable => "carrier_unavailable",
        OperationOutcome<T>.Rejected => "rejected",
        OperationOutcome<T>.AccountSuspended => "account_suspended",
        OperationOutcome<T>.Conflict => "conflict",
        OperationOutcome<T>.Unprocessable => "unprocessable",
        OperationOutcome<T>.AccountDetailsRequired => "account_details_required",
        OperationOutcome<T>.NotUsable => "not_usable",
        _ => "other",
    };

    /// <summary>What a carrier said to a renewal (a refresh-token grant, a password or child-key sign-in).</summary>
    public static string Of<T>(CarrierResult<T> result) => result switch
    {
        CarrierResult<T>.Success => "ok",
        CarrierResult<T>.AuthRejected { AnswerLost: true } => "answer_lost",
        CarrierResult<T>.AuthRejected => "rejected",
        CarrierResult<T>.Transient => "transient",
        CarrierResult<T>.Suspended => "suspended",
        CarrierResult<T>.Invalid => "invalid",
        _ => "other",
    };

    public static string Of(RenewalKind kind) => kind switch
    {
        RenewalKind.ForUse => "for_use",
        RenewalKind.Ahead => "ahead",
        RenewalKind.Probe => "probe",
        _ => "other",
    };
}
