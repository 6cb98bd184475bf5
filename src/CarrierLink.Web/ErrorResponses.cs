using CarrierLink.Web.Data;
using Microsoft.AspNetCore.Diagnostics;

namespace CarrierLink.Web;

/// <summary>
/// Bad input never becomes a bare 500: malformed JSON is a 400 validation problem; a database that
/// is briefly unreachable is a 503 with Retry-After; API errors are problem+json; pages get the
/// friendly error page. Exception messages are never sent back.
/// </summary>
internal static class ErrorResponses
{
    /// <summary>How long a client should wait before retrying while the database is away.</summary>
    public const int DatabaseRetryAfterSeconds = 5;

    /// <summary>
    /// Failures that are not bugs are not logged as errors with a stack: a malformed request is the
    /// client's mistake, and a database outage is logged once per request as a warning by <see cref="WriteAsync"/>.
    /// </summary>
    public static bool SuppressDiagnostics(ExceptionHandlerSuppressDiagnosticsContext context) =>
        context.Exception is BadHttpRequestException || DatabaseFailures.IsTransient(context.Exception);

    public static async Task WriteAsync(HttpContext http)
    {
        var error = http.Features.Get<IExceptionHandlerFeature>()?.Error;
        var isApi = http.Request.Path.StartsWithSegments("/api");
        if (DatabaseFailures.IsTransient(error))
        {
            await WriteDatabaseUnavailableAsync(http, error!, isApi);
            return;
        }
        if (error is BadHttpRequestException { InnerException: Security.ControlCharacters.ControlCharacterException refused })
        {
            var field = string.IsNullOrEmpty(refused.Path) || refused.Path == "$" ? "body" : refused.Path.TrimStart('$', '.');
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            await Api.ApiProblems.Validation(field, Security.ControlCharacters.Reason).ExecuteAsync(http);
            return;
        }
        if (error is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge or StatusCodes.Status415UnsupportedMediaType }
            refusedBody)
        {
            http.Response.StatusCode = refusedBody.StatusCode;
            await RefusedBody(refusedBody.StatusCode).ExecuteAsync(http);
            return;
        }
        if (error is BadHttpRequestException badRequest)
        {
            var field = BindingFailureField(badRequest.Message);
            http.Response.StatusCode = badRequest.StatusCode;
            await Results.Problem(type: "validation", title: "The request is invalid", statusCode: badRequest.StatusCode,
                detail: field == "body" ? "The request body could not be read; send valid JSON matching the documented fields." : $"'{field}' has a value of the wrong type.",
                extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [field == "body" ? "is not valid JSON for this endpoint" : "has a value of the wrong type"] } })
                .ExecuteAsync(http);
            return;
        }
        http.Response.StatusCode = StatusCodes.Status500InternalServerError;
        if (isApi)
        {
            await Results.Problem(type: "internal-error", title: "Something went wrong", statusCode: 500,
                detail: "CarrierLink could not finish this request. Nothing was lost; try again, and tell support if it keeps happening.").ExecuteAsync(http);
            return;
        }
        http.Response.Redirect("/error");
    }

    /// <summary>
    /// A body the API will not read, refused by routing (a JSON endpoint sent text, a form or XML), by the endpoint, or by
    /// Kestrel's size limit: the problem says what to send instead, so a client's developer need not guess.
    /// </summary>
    private static IResult RefusedBody(int status) => status == StatusCodes.Status413PayloadTooLarge
        ? Results.Problem(type: "payload-too-large", title: "The request body is too large", statusCode: status,
            detail: "CarrierLink did not read this request: its body is larger than any request to this API needs. Nothing was changed.")
        : Results.Problem(type: "unsupported-media-type", title: "The request body is not JSON", statusCode: status,
            detail: "CarrierLink did not read this request: send the body as JSON with 'Content-Type: application/json'. Nothing was changed.");

    private static async Task WriteDatabaseUnavailableAsync(HttpContext http, Exception error, bool isApi)
    {
        http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ErrorResponses).FullName!)
            .LogWarning("The database is unreachable; {Method} {Path} answered 503 ({Reason}).", http.Request.Method, http.Request.Path, error.GetBaseException().Message);
        http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        http.Response.Headers.RetryAfter = DatabaseRetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (isApi)
        {
            await Results.Problem(type: "database-unavailable", title: "CarrierLink is briefly unavailable", statusCode: StatusCodes.Status503ServiceUnavailable,
                detail: $"CarrierLink cannot reach its database right now, so this request did not finish. Try again in {DatabaseRetryAfterSeconds} seconds; "
                    + "a label request retried with the same Idempotency-Key is never bought twice.").ExecuteAsync(http);
            return;
        }
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync("""
            <!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Try again in a moment · CarrierLink</title><link rel="stylesheet" href="/assets/site.css"></head>
            <body><main class="page narrow"><h1>Try again in a moment</h1>
            <p>CarrierLink is briefly unavailable, so this page could not load. Your accounts and labels are safe.</p>
            <p>Wait a few seconds, then reload the page.</p>
            <p><a class="button" href="">Reload</a></p></main></body></html>
            """);
    }

    public static async Task StatusCodePageAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        if (http.Request.Path.StartsWithSegments("/api"))
        {
            var status = http.Response.StatusCode;
            if (status is StatusCodes.Status413PayloadTooLarge or StatusCodes.Status415UnsupportedMediaType)
            {
                await RefusedBody(status).ExecuteAsync(http);
                return;
            }
            await Results.Problem(type: status == 404 ? "not-found" : status == 405 ? "method-not-allowed" : "error",
                title: ReasonPhrase(status), statusCode: status).ExecuteAsync(http);
            return;
        }
        if (http.Response.StatusCode == StatusCodes.Status400BadRequest && await IsExpiredFormAsync(http))
        {
            await WriteExpiredFormPageAsync(http);
            return;
        }
        if (http.Response.StatusCode == StatusCodes.Status404NotFound)
        {
            http.Response.ContentType = "text/html; charset=utf-8";
            await http.Response.WriteAsync("""
                <!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <title>Not found · CarrierLink</title><link rel="stylesheet" href="/assets/site.css"></head>
                <body><main class="page narrow"><h1>We could not find that page</h1>
                <p>The link may be old, or the account may belong to someone else.</p>
                <p><a class="button" href="/">Back to CarrierLink</a></p></main></body></html>
                """);
            return;
        }
        if (http.Response.StatusCode == StatusCodes.Status400BadRequest)
        {
            // A request the page could not use (control characters in a field, a tampered value): say so, never a blank page.
            http.Response.ContentType = "text/html; charset=utf-8";
            await http.Response.WriteAsync("""
                <!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <title>Check what was sent · CarrierLink</title><link rel="stylesheet" href="/assets/site.css"></head>
                <body><main class="page narrow"><h1>CarrierLink could not use what was sent</h1>
                <p>Something in the form or the link was not valid (for example an invisible control character pasted into a field). Nothing was changed.</p>
                <p><a class="button" href="/">Back to CarrierLink</a></p></main></body></html>
                """);
        }
    }

    /// <summary>
    /// Razor Pages answer a post whose anti-forgery token is missing or stale (a page left open past
    /// its sign-in, a second tab after signing out and in) with an empty 400; asked again here, the
    /// token check tells that case apart from other empty 400s.
    /// </summary>
    private static async Task<bool> IsExpiredFormAsync(HttpContext http)
    {
        if (!HttpMethods.IsPost(http.Request.Method) || !http.Request.HasFormContentType) return false;
        var antiforgery = http.RequestServices.GetRequiredService<Microsoft.AspNetCore.Antiforgery.IAntiforgery>();
        try
        {
            return !await antiforgery.IsRequestValidAsync(http);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or BadHttpRequestException
            or InvalidDataException or Microsoft.AspNetCore.Antiforgery.AntiforgeryValidationException)
        {
            // A form that cannot even be read (a NUL in it, too many fields) is not an expired one.
            return false;
        }
    }

    private static async Task WriteExpiredFormPageAsync(HttpContext http)
    {
        // Back to the page the form was on when it is one of ours; otherwise home.
        var back = http.Request.Headers.Referer.ToString() is { Length: > 0 } referer && Uri.TryCreate(referer, UriKind.Absolute, out var from)
            && string.Equals(from.Authority, http.Request.Host.Value, StringComparison.OrdinalIgnoreCase) ? from.PathAndQuery : "/";
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync($$"""
            <!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>This page expired · CarrierLink</title><link rel="stylesheet" href="/assets/site.css"></head>
            <body><main class="page narrow"><h1>This page expired</h1>
            <p>The form was open too long, or you signed in again in another tab, so CarrierLink did not act on it. Nothing changed.</p>
            <p>Go back, reload the page, and try again.</p>
            <p><a class="button primary" href="{{System.Net.WebUtility.HtmlEncode(back)}}">Go back and try again</a></p></main></body></html>
            """);
    }

    /// <summary>
    /// Minimal APIs say which parameter failed ("Failed to bind parameter \"int? limit\" from \"abc\"");
    /// a JSON body's parameter is the body. The message itself never goes back to the client.
    /// </summary>
    private static string BindingFailureField(string message)
    {
        if (message.Contains("request body", StringComparison.OrdinalIgnoreCase) || message.Contains("JSON", StringComparison.Ordinal)) return "body";
        var match = System.Text.RegularExpressions.Regex.Match(message, "parameter \"(?:[^\"]*\\s)?(?<name>\\w+)\"");
        return match.Success ? SnakeCaseName(match.Groups["name"].Value) : "request";
    }

    private static string SnakeCaseName(string name) => CarrierLink.Web.Data.SnakeCase.From(name);

    private static string ReasonPhrase(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);
}
