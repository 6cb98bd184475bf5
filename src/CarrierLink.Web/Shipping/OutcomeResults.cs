using System.Diagnostics.CodeAnalysis;
using CarrierLink.Web.Accounts;
using CarrierLink.Web.Api;
using CarrierLink.Web.Connect;
using CarrierLink.Web.Data;

namespace CarrierLink.Web.Shipping;

/// <summary>Turns operation outcomes into the contract's HTTP answers (http-api.md, "Failures of these").</summary>
public static class OutcomeResults
{
    public static bool Succeeded<T>(this OperationOutcome<T> outcome, [MaybeNullWhen(false)] out T value)
    {
        value = outcome is OperationOutcome<T>.Succeeded s ? s.Value : default;
        return outcome is OperationOutcome<T>.Succeeded;
    }

    /// <summary>The problem answer of an outcome that did not succeed.</summary>
    public static OperationProblem ToProblem<T>(this OperationOutcome<T> outcome, ConnectOptions connect) => new(outcome switch
    {
        OperationOutcome<T>.ReconnectRequired { Account.State: ConnectionState.SupportRequired } r => new FailedDependencyProblem(
            "support-required", "Contact Customer Service",
            $"{r.Reason} Only Customer Service can reconnect this account: open a support request.",
            new Dictionary<string, object?>
            {
                ["account_id"] = r.Account.Id,
                ["state"] = r.Account.State.ToSlug(),
                ["support_request_url"] = $"/api/v1/carrier-accounts/{r.Account.Id}/support-requests",
            }),
        OperationOutcome<T>.ReconnectRequired r => new FailedDependencyProblem(
            "reconnect-required", "Reconnect this account", $"{r.Reason} Sign in to the carrier again to reconnect.",
            new Dictionary<string, object?>
            {
                ["account_id"] = r.Account.Id,
                ["state"] = r.Account.State.ToSlug(),
                ["reconnect_url"] = ReconnectUrl(connect, r.Account).ToString(),
            }),
        OperationOutcome<T>.CarrierUnavailable u => ApiProblems.Unavailable($"{u.Reason} Nothing about the account changed; try again shortly.", u.RetryAfter),
        OperationOutcome<T>.Rejected r => ApiProblems.Validation(r.FieldErrors is { Count: > 0 } fields
            ? fields.ToDictionary(f => f.Key, f => f.Value)
            : new Dictionary<string, string[]> { ["carrier"] = [r.Message] }),
        OperationOutcome<T>.AccountSuspended s => ApiProblems.Conflict("account-suspended", "The carrier suspended this account", s.Reason),
        OperationOutcome<T>.Conflict c => ApiProblems.Conflict(c.Type, c.Title, c.Detail),
        OperationOutcome<T>.Unprocessable u => ApiProblems.Unprocessable(u.Type, u.Title, u.Detail),
        OperationOutcome<T>.NotUsable n => ApiProblems.Conflict("account-not-connected", "This account is not connected",
            n.State == ConnectionState.Pending ? "Finish connecting the account first." : $"The account is {n.State.ToSlug()}."),
        OperationOutcome<T>.AccountDetailsRequired d => ApiProblems.Conflict(
            "account-details-required", "Enter the account's details", AccountDetailsCommands.RequiredDetail(d.Account),
            new Dictionary<string, object?>
            {
                ["account_id"] = d.Account.Id,
                ["account_details_url"] = $"/api/v1/carrier-accounts/{d.Account.Id}/account-details",
                ["edit_url"] = new Uri(connect.PublicBaseUrl!, AccountDetailsCommands.EditPath(d.Account)).ToString(),
            }),
        _ => throw new InvalidOperationException("Unhandled outcome."),
    });

    /// <summary>The page that starts a reconnect, for the 424 answer and the prompt.</summary>
    public static Uri ReconnectUrl(ConnectOptions connect, CarrierAccount account) =>
        new(connect.PublicBaseUrl!, $"settings/carriers/{account.Carrier}/accounts/{account.Id}/reconnect");
}
