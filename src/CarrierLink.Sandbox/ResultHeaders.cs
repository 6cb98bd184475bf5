namespace CarrierLink.Sandbox;

public static class ResultHeaders
{
    /// <summary>Adds a response header to any result (WWW-Authenticate, Retry-After, ETag ...).</summary>
    public static IResult WithHeader(this IResult result, string name, string value) => new HeaderResult(result, name, value);

    /// <summary>303 See Other: after a form post the browser follows with a GET, so a reload never re-posts.</summary>
    public static IResult SeeOther(string location) => Results.StatusCode(StatusCodes.Status303SeeOther).WithHeader("Location", location);

    private sealed class HeaderResult(IResult inner, string name, string value) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.Append(name, value);
            return inner.ExecuteAsync(httpContext);
        }
    }
}
