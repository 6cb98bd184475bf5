using System.Text.Json;
using CarrierLink.Carriers.Catalog;
using CarrierLink.Web.Api;
using CarrierLink.Web.Connect;
using CarrierLink.Web.Connect.Methods;
using CarrierLink.Web.Data;
using CarrierLink.Web.OneBalance;
using CarrierLink.Web.Shipping;
using CarrierLink.Web.Support;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace CarrierLink.Web.Accounts;

/// <summary>The endpoints that connect an account or change it at the carrier: create, reconnect, verification, password, details, support.</summary>
public static partial class AccountsApi
{
    private static async Task<Results<Created<ConnectAnswer>, BadRequestProblem, ConnectProblem>> CreateAccount(
        HttpContext http, CreateAccountRequest? body, AccountCommands commands, CancellationToken cancellationToken)
    {
        if (body is null) return ApiProblems.Validation("body", "a JSON object is required");
        if (!TryReadInputs(body.Inputs, out var input, out var problem)) return problem!;
        var step = await commands.CreateAsync(http.MerchantId(), body.Carrier, body.Nickname, input, null, cancellationToken);
        return step.Answer() is { } answer ? TypedResults.Created($"/api/v1/carrier-accounts/{answer.Account.Id}", answer) : step.Problem();
    }

    /// <summary>
    /// The contract's answers: a password reconnect returns the account itself, a sign-in its authorization_url, a
    /// registration that asks for proof the account and its verification.
    /// </summary>
    private static async Task<Results<Ok<AccountResponse>, Ok<SignInResponse>, Ok<ConnectAnswer>, NotFoundProblem, ConnectProblem>> Reconnect(
        HttpContext http, string id, ReconnectRequest? body, CarrierLinkDb db, ConnectMethods methods, CancellationToken cancellationToken)
    {
        if (await http.FindAccountAsync(db, id, cancellationToken) is not { } account) return ApiProblems.NotFound();
        if (account.State == ConnectionState.Disconnected)
            return new ConnectProblem(ApiProblems.Conflict("account-disconnected", "The account was removed",
                "A removed account cannot be reconnected; add it again."));
        var carrier = CarrierCatalog.Get(account.Carrier);
        if (account.State == ConnectionState.SupportRequired || carrier.ReconnectedBy == Reconnector.Support)
            return new ConnectProblem(ApiProblems.Conflict("support-required", "Only support can reconnect this account",
                "Contact Customer Service: open a support request with POST /api/v1/carrier-accounts/{id}/support-requests."));
        if (!methods.CanConnect(carrier))
            return new ConnectProblem(ApiProblems.Validation("carrier", $"{carrier.Name} accounts cannot be connected in this CarrierLink"));
        if (!TryReadInputs(body?.Inputs, out var input, out var problem)) return new ConnectProblem(problem!);
        var step = await methods.For(carrier).ReconnectAsync(account, input, null, cancellationToken);
        return step switch
        {
            ConnectStep.Connected connected => TypedResults.Ok(AccountResponse.From(connected.Account)),
            ConnectStep.SignInAtCarrier signIn => TypedResults.Ok(new SignInResponse(signIn.Url)),
            _ => step.Answer() is { } answer ? TypedResults.Ok(answer) : step.Problem(),
        };
    }

    /// <summary>The next step of a registration that asked for proof: {method} to have a PIN sent, {pin}, or the invoice's fields.</summary>
    private static async Task<Results<Ok<ConnectAnswer>, NotFoundProblem, ConnectProblem>> ContinueVerification(
        HttpContext http, string id, ReconnectRequest? body, CarrierLinkDb db, ConnectMethods methods, CancellationToken cancellationToken)
    {
        if (await http.FindAccountAsync(db, id, cancellationToken) is not { } account) return ApiProblems.NotFound();
        if (!TryReadInputs(body?.Inputs, out var input, out var problem)) return new ConnectProblem(problem!);
        var step = await methods.For(CarrierCatalog.Get(account.Carrier)).ContinueAsync(account, input, null, cancellationToken);
        return step.Answer() is { } answer ? TypedResults.Ok(answer) : step.Problem();
    }

    /// <summary>The connect method's inputs: every member must be text (a number is not a shipper number).</summary>
    private static bool TryReadInputs(Dictionary<string, JsonElement>? members, out ConnectInput input, out BadRequestProblem? problem)
    {
        input = ConnectInput.None;
        problem = null;
        if (members is null || members.Count == 0) return true;
        if (NotText(members) is { } notText)
        {
            problem = notText;
            return false;
        }
        input = new ConnectInput(members.ToDictionary(p => p.Key, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : null));
        return true;
    }

    private static BadRequestProblem? NotText(Dictionary<string, JsonElement> members)
    {
        var notText = members.Where(p => p.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null)).Select(p => p.Key).ToList();
        return notText.Count > 0 ? ApiProblems.Validation(notText.ToDictionary(k => k, _ => new[] { "must be a string" })) : null;
    }

    private static async Task<Results<NoContent, NotFoundProblem, BadRequestProblem, OperationProblem>> ChangePassword(
        HttpContext http, string id, ChangePasswordRequest? body, CarrierLinkDb db, PasswordConnections passwords, CancellationToken cancellationToken)
    {
        if (await http.FindAccountAsync(db, id, cancellationToken) is not { } account) return ApiProblems.NotFound();
        if (!passwords.Supports(account.Carrier)) return ApiProblems.Validation("carrier", "only One Balance accounts have a password in CarrierLink");
        if (body?.NewPassword is null) return ApiProblems.Validation("new_password", "is required");
        return await passwords.ChangePasswordAsync(account, body.NewPassword, null, cancellationToken) switch
        {
            PasswordOutcome.Done => TypedResults.NoContent(),
            PasswordOutcome.Refused refused => new OperationProblem(new UnprocessableProblem("password-rejected", "The new password was not accepted",
                refused.Message, new Dictionary<string, object?> { ["failed_rules"] = refused.FailedRules })),
            PasswordOutcome.Unavailable unavailable => new OperationProblem(ApiProblems.Unavailable(unavailable.Message, unavailable.RetryAfter)),
            PasswordOutcome.ReconnectRequired broken => new OperationProblem(new FailedDependencyProblem("reconnect-required", "Reconnect this account",
                broken.Message, new Dictionary<string, object?> { ["account_id"] = broken.Account.Id, ["state"] = broken.Account.State.ToSlug() })),
            PasswordOutcome.NotAllowed notAllowed => new OperationProblem(
                ApiProblems.Conflict("password-change-not-allowed", "The password cannot be changed now", notAllowed.Message)),
            _ => throw new InvalidOperationException("Unhandled password outcome."),
        };
    }

    /// <summary>The account numbers the carrier's sign-in did not name, confirmed by the carrier before they are saved.</summary>
    private static async Task<Results<Ok<AccountResponse>, NotFoundProblem, BadRequestProblem, OperationProblem>> ConfirmAccountDetails(
        HttpContext http, string id, Dictionary<string, JsonElement>? body, CarrierLinkDb db,
        AccountDetailsCommands details, IOptions<ConnectOptions> connect, CancellationToken cancellationToken)
    {
        if (await http.FindAccountAsync(db, id, cancellationToken) is not { } account) return ApiProblems.NotFound();
        if (body is null) return ApiProblems.Validation("body", "must be a JSON object of the account's details");
        if (NotText(body) is { } notText) return notText;
        var entered = body.ToDictionary(p => p.Key, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : null);
        var outcome = await details.ConfirmAsync(account, entered, null, cancellationToken);
        return outcome.Succeeded(out var confirmed) ? TypedResults.Ok(AccountResponse.From(confirmed)) : outcome.ToProblem(connect.Value);
    }

    private static async Task<Results<Created<SupportRequestResponse>, NotFoundProblem, BadRequestProblem, ConflictProblem>> OpenSupportRequest(
        HttpContext http, string id, SupportRequestBody? body, CarrierLinkDb db, SupportRequests support, CancellationToken cancellationToken)
    {
        if (await http.FindAccountAsync(db, id, cancellationToken) is not { } account) return ApiProblems.NotFound();
        if (body?.Message is { Length: > SupportRequests.MaxMessageLength })
            return ApiProblems.Validation("message", $"must be at most {SupportRequests.MaxMessageLength} characters");
        return await support.OpenAsync(account, body?.Message, null, cancellationToken) switch
        {
            SupportOpening.Opened opened =>
                TypedResults.Created($"/api/v1/carrier-accounts/{account.Id}/support-requests", SupportRequestResponse.From(opened.Request)),
            SupportOpening.Refused refused => ApiProblems.Conflict("support-not-needed", "Customer Service does not reconnect this account",
                refused.Refusal.Message, new Dictionary<string, object?>
                {
                    ["field"] = refused.Refusal.Field,
                    ["carrier"] = refused.Account.Carrier,
                    ["state"] = refused.Account.State.ToSlug(),
                }),
            _ => throw new InvalidOperationException("Unhandled support opening."),
        };
    }

    private static async Task<Results<Ok<PagedList<SupportRequestResponse>>, NotFoundProblem>> ListSupportRequests(
        HttpContext http, string id, CarrierLinkDb db, SupportRequests support, CancellationToken cancellationToken)
    {
        if (await http.FindAccountAsync(db, id, cancellationToken) is not { } account) return ApiProblems.NotFound();
        var requests = await support.OfAccountAsync(account.Id, cancellationToken);
        return TypedResults.Ok(new PagedList<SupportRequestResponse>(requests.Select(SupportRequestResponse.From).ToList(), null));
    }
}
