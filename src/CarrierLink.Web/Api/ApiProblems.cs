namespace CarrierLink.Web.Api;

/// <summary>RFC 9457 problems with the contract's short type slugs.</summary>
public static class ApiProblems
{
    public static IResult NotFound(string what = "carrier account") =>
        Results.Problem(type: "not-found", title: "Not found", statusCode: 404, detail: $"No {what} with that id.");

    public static IResult Validation(string field, string message) => Validation(new Dictionary<string, string[]> { [field] = [message] });

    public static IResult Validation(IDictionary<string, string[]> errors) =>
        Results.Problem(type: "validation", title: "The request is invalid", statusCode: 400,
            detail: "One or more fields are invalid; see errors.",
            extensions: new Dictionary<string, object?> { ["errors"] = errors });

    /// <summary>503 carrier-unavailable, with Retry-After when the carrier named one.</summary>
    public static IResult Unavailable(string detail, TimeSpan? retryAfter) => new UnavailableResult(detail, retryAfter ?? TimeSpan.FromSeconds(30));

    private sealed record UnavailableResult(string Detail, TimeSpan RetryAfter) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            await Results.Problem(type: "carrier-unavailable", title: "The carrier is having trouble", statusCode: 503, detail: Detail).ExecuteAsync(httpContext);
        }
    }

    public static IResult Conflict(string type, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        Results.Problem(type: type, title: title, statusCode: 409, detail: detail, extensions: extensions);

    public static IResult Unprocessable(string type, string title, string detail) =>
        Results.Problem(type: type, title: title, statusCode: 422, detail: detail);
}
