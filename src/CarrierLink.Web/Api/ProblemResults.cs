using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace CarrierLink.Web.Api;

/// <summary>
/// A problem+json answer (RFC 9457) as a typed result: the body is written exactly as Results.Problem writes it, and the class says which statuses and body shape it stands for, so an endpoint returning
/// <c>Results&lt;Ok&lt;T&gt;, NotFoundProblem, ...&gt;</c> documents its errors in /openapi/v1.json (<see cref="IEndpointMetadataProvider"/>).
/// </summary>
public abstract class ApiProblem(
    int status, string type, string title, string? detail, IDictionary<string, object?>? extensions = null, TimeSpan? retryAfter = null)
    : IResult, IStatusCodeHttpResult
{
    public const string ContentType = "application/problem+json";

    public int StatusCode { get; } = status;

    int? IStatusCodeHttpResult.StatusCode => StatusCode;

    /// <summary>The contract's short slug (http-api.md): see <see cref="ProblemTypes"/>.</summary>
    public string Type { get; } = type;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        // Set when the client should wait before retrying (a carrier is away).
        if (retryAfter is { } wait)
            httpContext.Response.Headers.RetryAfter =
                Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Results.Problem(type: Type, title: title, statusCode: StatusCode, detail: detail, extensions: extensions).ExecuteAsync(httpContext);
    }

    /// <summary>Adds the document's entry for one status: its body schema, always as application/problem+json.</summary>
    protected static void Produces(EndpointBuilder builder, int status, Type body) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(status, body, [ContentType]));
}

/// <summary>400 <c>validation</c>: <c>errors</c> names each field and what is wrong with it.</summary>
public sealed class BadRequestProblem(IDictionary<string, string[]> errors)
    : ApiProblem(StatusCodes.Status400BadRequest, "validation", "The request is invalid", "One or more fields are invalid; see errors.",
        new Dictionary<string, object?> { ["errors"] = errors }), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        Produces(builder, StatusCodes.Status400BadRequest, typeof(ValidationProblemBody));
}

/// <summary>404 <c>not-found</c> (also what another merchant's id answers), or a more specific 404 such as <c>form-pdf-not-received</c>.</summary>
public sealed class NotFoundProblem(string type, string title, string detail)
    : ApiProblem(StatusCodes.Status404NotFound, type, title, detail), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        Produces(builder, StatusCodes.Status404NotFound, typeof(ProblemBody));
}

/// <summary>409: the request is fine, but the account or resource is not in a state that allows it now.</summary>
public sealed class ConflictProblem(string type, string title, string detail, IDictionary<string, object?>? extensions = null)
    : ApiProblem(StatusCodes.Status409Conflict, type, title, detail, extensions), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        Produces(builder, StatusCodes.Status409Conflict, typeof(ConflictProblemBody));
}

/// <summary>422: understood but refused (a password the carrier's rules reject, an Idempotency-Key reused for another request).</summary>
public sealed class UnprocessableProblem(string type, string title, string detail, IDictionary<string, object?>? extensions = null)
    : ApiProblem(StatusCodes.Status422UnprocessableEntity, type, title, detail, extensions), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        Produces(builder, StatusCodes.Status422UnprocessableEntity, typeof(UnprocessableProblemBody));
}

/// <summary>424 <c>reconnect-required</c> or <c>support-required</c>: the carrier refused the account's credentials.</summary>
public sealed class FailedDependencyProblem(string type, string title, string detail, IDictionary<string, object?> extensions)
    : ApiProblem(StatusCodes.Status424FailedDependency, type, title, detail, extensions), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        Produces(builder, StatusCodes.Status424FailedDependency, typeof(ReconnectRequiredProblemBody));
}

/// <summary>503 <c>carrier-unavailable</c> with Retry-After: the carrier is failing (after retries); nothing about the account changed.</summary>
public sealed class UnavailableProblem(string detail, TimeSpan retryAfter)
    : ApiProblem(StatusCodes.Status503ServiceUnavailable, "carrier-unavailable", "The carrier is having trouble", detail, null, retryAfter),
        IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        Produces(builder, StatusCodes.Status503ServiceUnavailable, typeof(ProblemBody));
}
