using System.Text.Json;

namespace CarrierLink.Sandbox.Usps;

/// <summary>USPS's error bodies, word for word where the carrier publishes them (see carrier-protocols.md section 1).</summary>
public static class UspsErrors
{
    /// <summary>USPS bodies are written with their own names ("SKU", "CRID", camelCase): serialize names as written.</summary>
    /// <summary>Relaxed escaping: these are API bodies, never embedded in HTML, and "Pvd2…" should read as USPS writes it.</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = null,
        DictionaryKeyPolicy = null,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private const string Rfc6749Errors = "https://datatracker.ietf.org/doc/html/rfc6749#section-5.2";

    public static IResult InvalidClient() =>
        OAuth(StatusCodes.Status401Unauthorized, "invalid_client", "Client authentication failed.", "https://datatracker.ietf.org/doc/html/rfc6749#page-45")
            .WithHeader("WWW-Authenticate", "Bearer realm=\"https://api.usps.com/realms/USPS\"");

    // "Authorizaton" is USPS's spelling; clients match on it, so it stays.
    public const string AuthorizationCodeMessage = "Authorizaton Code Error: either the authorization code has expired, is invalid, or the redirect_uri is not registered.";

    /// <remarks>USPS's published example points this error at RFC 7009 too; it is copied as published.</remarks>
    public static IResult AuthorizationCodeError(string description = AuthorizationCodeMessage) =>
        OAuth(StatusCodes.Status400BadRequest, "invalid_request", description, Rfc7009Errors);

    private const string Rfc7009Errors = "https://datatracker.ietf.org/doc/html/rfc7009#section-2.2.1";

    /// <summary>
    /// The refresh-token rejection; <paramref name="status"/> is "expired" (used, expired, revoked) or "Not Found" (never
    /// issued). The two descriptions are USPS's published examples (invalidRefreshTokenExpiredResponse, invalidRefreshTokenResponse).
    /// </summary>
    public static IResult RefreshTokenRejected(string? presented, string status) => Results.Json(new Dictionary<string, object>
    {
        ["error"] = "invalid_request",
        ["error_description"] = (status == "expired" ? "refresh_token_expired" : "Invalid Refresh Token")
            + ": Check the value of the refresh token. It may be missing, have expired or have been revoked.",
        ["error_uri"] = Rfc7009Errors,
        ["refresh_token"] = Secrets.Preview(presented),
        ["refresh_token_status"] = status,
    }, Json, statusCode: StatusCodes.Status400BadRequest);

    public static IResult UnsupportedGrantType(string? grantType) =>
        OAuth(StatusCodes.Status400BadRequest, "unsupported_grant_type",
            string.IsNullOrEmpty(grantType) ? "grant_type is required." : $"The grant_type '{grantType}' is not supported.", Rfc6749Errors);

    public static IResult InvalidScope() =>
        OAuth(StatusCodes.Status400BadRequest, "invalid_scope", "The requested scope is invalid, unknown, or exceeds the scope granted.", Rfc6749Errors);

    public static IResult InvalidRequest(string description) =>
        OAuth(StatusCodes.Status400BadRequest, "invalid_request", description, Rfc6749Errors);

    public static IResult OAuth(int status, string error, string description, string uri) =>
        Results.Json(new Dictionary<string, object> { ["error"] = error, ["error_description"] = description, ["error_uri"] = uri }, Json, statusCode: status);

    /// <summary>The resource envelope: <c>{"apiVersion":"/labels/v3/","error":{"code":"401","message":…,"errors":[…]}}</c>.</summary>
    public static IResult Resource(PathString path, int status, string message, IEnumerable<object> errors) =>
        Results.Json(new
        {
            apiVersion = ApiVersion(path),
            error = new { code = status.ToString(System.Globalization.CultureInfo.InvariantCulture), message, errors = errors.ToList() },
        }, Json, statusCode: status);

    public static IResult Unauthorized(PathString path, string message, string detail) =>
        Resource(path, StatusCodes.Status401Unauthorized, message, [new { title = "invalid_token", detail, source = new { parameter = "Authorization" } }])
            .WithHeader("WWW-Authenticate", "Bearer");

    public static IResult Forbidden(PathString path, string message, string detail) =>
        Resource(path, StatusCodes.Status403Forbidden, message, [new { title = "Forbidden", detail, source = new { parameter = "Authorization" } }]);

    /// <summary>One 400 item as USPS writes them: <c>{status, code, title, detail, source:{parameter, example}}</c>.</summary>
    /// <remarks>An absent parameter or example is left out: USPS's schema types both as strings, never null.</remarks>
    public static object ValidationItem(string code, string title, string detail, string? parameter = null, string? example = null)
    {
        var source = new Dictionary<string, string>();
        if (parameter is not null) source["parameter"] = parameter;
        if (example is not null) source["example"] = example;
        return new { status = "400", code, title, detail, source };
    }

    public static IResult BadRequest(PathString path, params object[] items) =>
        Resource(path, StatusCodes.Status400BadRequest, "OASValidation failed", items);

    /// <summary>"/labels/v3/label/9400…" → "/labels/v3/"; USPS names the API, not the route, in apiVersion.</summary>
    public static string ApiVersion(PathString path)
    {
        var segments = (path.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.Length >= 2 ? $"/{segments[0]}/{segments[1]}/" : "/";
    }
}
