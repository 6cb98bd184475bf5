using System.Text.Json;

namespace CarrierLink.Sandbox.FedEx;

/// <summary>One FedEx error item: a code and FedEx's message for it.</summary>
public sealed record FedExError(string Code, string Message);

/// <summary>
/// FedEx's answers: <c>{"transactionId", "output": {...}}</c> on success and <c>{"transactionId",
/// "customerTransactionId"?, "errors": [{"code", "message"}]}</c> on failure, with FedEx's names as written
/// (camelCase, and "child_Key"). Codes and messages are FedEx's published examples unless marked invented.
/// </summary>
public static class FedExErrors
{
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = null,
        DictionaryKeyPolicy = null,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    // Authorization and every API (authorization_v1 401 example; the APIs' 401/403/404/500/503 examples).
    public static readonly FedExError BadClientCredentials = new("NOT.AUTHORIZED.ERROR", "The given client credentials were not valid. Please modify your request and try again.");
    public static readonly FedExError TokenExpired = new("NOT.AUTHORIZED.ERROR", "Access token expired. Please modify your request and try again.");
    public static readonly FedExError Forbidden = new("FORBIDDEN.ERROR", "We could not authorize your credentials. Please check your permissions and try again.");
    public static readonly FedExError NotFound = new("NOT.FOUND.ERROR", "The resource you requested is no longer available. Please modify your request and try again.");
    public static readonly FedExError Internal = new("INTERNAL.SERVER.ERROR",
        "We encountered an unexpected error and are working to resolve the issue. We apologize for any inconvenience. Please check back at a later time.");
    public static readonly FedExError Unavailable = new("SERVICE.UNAVAILABLE.ERROR",
        "The service is currently unavailable and we are working to resolve the issue. We apologize for any inconvenience. Please check back at a later time.");

    /// <summary>Invented: FedEx publishes no code for a suspended account. A 403 like FORBIDDEN.ERROR, with its own code so a client can tell.</summary>
    public static readonly FedExError AccountSuspended = new("ACCOUNT.SUSPENDED.ERROR",
        "This FedEx account is suspended and cannot be used. Please contact FedEx Customer Service (1-800-GO-FEDEX).");

    /// <summary>
    /// Not in the published files (~: what FedEx's live APIs answer for a body that fails their validation);
    /// the published 400 examples are all about one particular rule.
    /// </summary>
    public static FedExError InvalidInput(string detail) => new("INVALID.INPUT.EXCEPTION", $"Invalid field value in the input: {detail}");

    public static IResult Error(int status, FedExError error, string? customerTransactionId = null) => Error(status, [error], customerTransactionId);

    public static IResult Error(int status, IReadOnlyList<FedExError> errors, string? customerTransactionId = null) => Results.Json(new Dictionary<string, object?>
    {
        ["transactionId"] = Guid.NewGuid().ToString(),
        ["customerTransactionId"] = customerTransactionId,
        ["errors"] = errors.Select(e => new { code = e.Code, message = e.Message }).ToList(),
    }.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value), Json, statusCode: status);

    public static IResult BadRequest(FedExError error, HttpContext context) => Error(StatusCodes.Status400BadRequest, error, CustomerTransactionId(context));

    public static IResult Unauthorized(FedExError error) => Error(StatusCodes.Status401Unauthorized, error);

    /// <summary>200 with FedEx's success envelope; the caller's x-customer-transaction-id is echoed, as FedEx says it is.</summary>
    public static IResult Ok(object output, HttpContext context) => Results.Json(new Dictionary<string, object?>
    {
        ["transactionId"] = Guid.NewGuid().ToString(),
        ["customerTransactionId"] = CustomerTransactionId(context),
        ["output"] = output,
    }.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value), Json);

    public static string? CustomerTransactionId(HttpContext context) =>
        context.Request.Headers["x-customer-transaction-id"].FirstOrDefault() is { Length: > 0 } id ? id : null;

    /// <summary>What a failing FedEx gateway answers to an injected fault: the envelope, with the published code for the status.</summary>
    public static IResult Injected(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => Unauthorized(TokenExpired),
        StatusCodes.Status403Forbidden => Error(status, Forbidden),
        StatusCodes.Status404NotFound => Error(status, NotFound),
        StatusCodes.Status503ServiceUnavailable => Error(status, Unavailable),
        >= 500 => Error(status, Internal),
        // Invented wording (FedEx publishes no 429 for these APIs).
        StatusCodes.Status429TooManyRequests => Error(status, new FedExError("TOO.MANY.REQUESTS.ERROR", "We have received too many requests in a short duration. Please wait a while to try again.")),
        _ => Error(status, InvalidInput("injected by the sandbox control API.")),
    };
}
