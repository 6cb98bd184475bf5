using System.Text.Json;

namespace CarrierLink.Sandbox.Stamps.Api;

/// <summary>
/// A field-level problem in a request: SERA's validation_error lists them as details. <paramref name="Code"/> and
/// <paramref name="More"/> say what a program needs to act on it (the manifest a label is already on).
/// </summary>
public sealed record FieldError(string Field, string Message, string? Code = null, IReadOnlyDictionary<string, string>? More = null);

/// <summary>Stamps.com API bodies: snake_case JSON in, and every error as {"error":{"code","message",...}}.</summary>
public static class StampsApiJson
{
    /// <summary>SWS's stale-authenticator code (002b0201 "invalid"; SWS also has 002b0202 "expired", the sandbox answers 0201 for every stale one).</summary>
    public const string StaleAuthenticatorCode = "002b0201";
    public const string StaleAuthenticatorMessage = "Invalid or expired authenticator. Authenticate again.";

    public static IResult Error(int status, string code, string message, IReadOnlyDictionary<string, object?>? more = null)
    {
        var error = new Dictionary<string, object?> { ["code"] = code, ["message"] = message };
        if (more is not null)
        {
            foreach (var (key, value) in more) error[key] = value;
        }
        return Results.Json(new { error }, statusCode: status);
    }

    public static IResult Validation(IReadOnlyList<FieldError> details) =>
        Error(StatusCodes.Status400BadRequest, "validation_error",
            details.Count == 1 ? details[0].Message : $"The request has {details.Count} problems: {string.Join(" ", details.Select(d => d.Message))}",
            new Dictionary<string, object?> { ["details"] = details.Select(Detail).ToList() });

    private static Dictionary<string, string> Detail(FieldError error)
    {
        var detail = new Dictionary<string, string> { ["field"] = error.Field, ["message"] = error.Message };
        if (error.Code is not null) detail["code"] = error.Code;
        foreach (var (key, value) in error.More ?? new Dictionary<string, string>()) detail[key] = value;
        return detail;
    }

    public static IResult StaleAuthenticator() =>
        Error(StatusCodes.Status401Unauthorized, StaleAuthenticatorCode, StaleAuthenticatorMessage).WithHeader("WWW-Authenticate", "Bearer");

    public static IResult NotFound(string message) => Error(StatusCodes.Status404NotFound, "not_found", message);

    /// <summary>The body as a JSON object, or the error <paramref name="onProblem"/> makes of the reason it is not one.</summary>
    public static async Task<(JsonElement Body, IResult? Problem)> ReadObjectAsync(HttpContext context, Func<string, IResult> onProblem)
    {
        if (!context.Request.HasJsonContentType()) return (default, onProblem("Send a JSON object with Content-Type: application/json."));
        try
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            if (document.RootElement.ValueKind == JsonValueKind.Object) return (document.RootElement.Clone(), null);
        }
        catch (JsonException)
        {
            // Same answer as a body that is JSON but not an object.
        }
        return (default, onProblem("The request body must be a JSON object."));
    }

    /// <summary>A string property exactly as sent (passwords are not trimmed), or null when missing, empty or not a string.</summary>
    public static string? Raw(this JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;

    /// <summary>A hash of the body written compactly (whitespace does not count): what an Idempotency-Key replay must match.</summary>
    public static string Fingerprint(JsonElement body) => Secrets.Hash(JsonSerializer.Serialize(body));
}
