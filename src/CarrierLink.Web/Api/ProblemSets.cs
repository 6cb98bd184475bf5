using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace CarrierLink.Web.Api;

/// <summary>
/// What asking a carrier may answer instead of the result (http-api.md, "Failures of these"): 400 <c>validation</c>
/// (the carrier rejected a field), 409 (the account is not usable now), 422, 424 <c>reconnect-required</c> and
/// 503 <c>carrier-unavailable</c>. One typed result for the set keeps each endpoint's <c>Results&lt;...&gt;</c> readable.
/// </summary>
public sealed class OperationProblem(ApiProblem problem) : ProblemSet(problem), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        BadRequestProblem.PopulateMetadata(method, builder);
        ConflictProblem.PopulateMetadata(method, builder);
        UnprocessableProblem.PopulateMetadata(method, builder);
        FailedDependencyProblem.PopulateMetadata(method, builder);
        UnavailableProblem.PopulateMetadata(method, builder);
    }
}

/// <summary>
/// What a connect step may answer instead of the account: 400 <c>validation</c> (the carrier refused an input),
/// 409 (the account cannot be connected this way now) and 503 <c>carrier-unavailable</c>.
/// </summary>
public sealed class ConnectProblem(ApiProblem problem) : ProblemSet(problem), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        BadRequestProblem.PopulateMetadata(method, builder);
        ConflictProblem.PopulateMetadata(method, builder);
        UnavailableProblem.PopulateMetadata(method, builder);
    }
}

/// <summary>
/// One of several problems, answered as that problem. Each set is its own type only for the statuses it documents
/// (its static PopulateMetadata): answering is the same for all.
/// </summary>
public abstract class ProblemSet(ApiProblem problem) : IResult, IStatusCodeHttpResult
{
    public ApiProblem Problem { get; } = problem;

    public int? StatusCode => Problem.StatusCode;

    public Task ExecuteAsync(HttpContext httpContext) => Problem.ExecuteAsync(httpContext);
}
