using System.Text.Json;
using CarrierLink.Sandbox.FedEx.Auth;

namespace CarrierLink.Sandbox.FedEx.Api;

/// <summary>Which account an API call acts for: the one in the body, which must be the token's own.</summary>
public static class FedExApiAccess
{
    /// <summary>Published (ship 400 example): the answer when the body names no account number at all.</summary>
    public static readonly FedExError AccountNumberRequired = new("ACCOUNTNUMBER.REGISTRATION.REQUIRED",
        "Please enter a valid 9-digit FedEx account number or register for a new FedEx account number.");

    /// <summary>
    /// The body (a JSON object) and the account it names at <paramref name="accountPath"/>, or FedEx's refusal: 400
    /// without a body or account, 403 FORBIDDEN.ERROR when a platform token (no child key) or another account's token
    /// tries to act for it.
    /// </summary>
    public static async Task<(JsonElement Body, string? Account, IResult? Refusal)> ReadAsync(HttpContext context, string accountPath)
    {
        var body = await FedExJsonBody.ReadAsync(context);
        if (body is not { } request) return (default, null, FedExErrors.BadRequest(FedExErrors.InvalidInput("send a JSON object."), context));
        var account = request.Text(accountPath);
        if (account is null) return (request, null, FedExErrors.BadRequest(AccountNumberRequired, context));
        var caller = context.FedExCaller();
        if (caller.AccountNumber != account)
            return (request, null, FedExErrors.Error(StatusCodes.Status403Forbidden, FedExErrors.Forbidden, FedExErrors.CustomerTransactionId(context)));
        return (request, account, null);
    }
}
