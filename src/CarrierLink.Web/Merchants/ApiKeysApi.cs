using CarrierLink.Web.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CarrierLink.Web.Merchants;

public sealed record CreateApiKeyRequest(string? Name);

public sealed record RotateApiKeyRequest(int? GraceHours);

/// <summary>/api/v1/api-keys: list, create, revoke and rotate the merchant's keys.</summary>
public static class ApiKeysApi
{
    public static IEndpointRouteBuilder MapApiKeysApi(this IEndpointRouteBuilder app)
    {
        var keys = app.MapGroup("/api/v1/api-keys").RequireAuthorization(ApiAuthorization.Policy).WithTags("API keys");
        keys.MapGet("", ListKeys).WithSummary("List the API keys");
        keys.MapPost("", CreateKey).WithSummary("Create an API key (shown once)");
        keys.MapDelete("/{id}", RevokeKey).WithSummary("Revoke an API key");
        keys.MapPost("/{id}/rotate", RotateKey).WithSummary("Rotate an API key (the old one works for grace_hours)");
        return app;
    }

    private static async Task<Ok<PagedList<ApiKeyResponse>>> ListKeys(HttpContext http, ApiKeys keys, CancellationToken cancellationToken) =>
        TypedResults.Ok(new PagedList<ApiKeyResponse>(await keys.ListAsync(http.MerchantId(), cancellationToken), null));

    private static async Task<Results<Created<NewApiKeyResponse>, BadRequestProblem, ConflictProblem>> CreateKey(
        HttpContext http, CreateApiKeyRequest? body, ApiKeys keys, CancellationToken cancellationToken)
    {
        if (ApiKeys.NameRefusal(body?.Name) is { } refusal) return ApiProblems.Validation("name", refusal);
        return await keys.CreateAsync(http.MerchantId(), body!.Name!, cancellationToken) is { } created
            ? TypedResults.Created($"/api/v1/api-keys/{created.Key.Id}", created)
            : TooManyKeys();
    }

    private static async Task<Results<NoContent, NotFoundProblem>> RevokeKey(
        HttpContext http, string id, ApiKeys keys, CancellationToken cancellationToken) =>
        Guid.TryParse(id, out var keyId) && await keys.RevokeAsync(http.MerchantId(), keyId, after: null, cancellationToken)
            ? TypedResults.NoContent()
            : ApiProblems.NotFound("API key");

    private static async Task<Results<Created<NewApiKeyResponse>, NotFoundProblem, BadRequestProblem>> RotateKey(
        HttpContext http, string id, RotateApiKeyRequest? body, ApiKeys keys, CancellationToken cancellationToken)
    {
        var graceHours = body?.GraceHours ?? 24;
        if (graceHours is < 0 or > ApiKeys.MaxGraceHours) return ApiProblems.Validation("grace_hours", $"must be 0 to {ApiKeys.MaxGraceHours}");
        if (!Guid.TryParse(id, out var keyId)) return ApiProblems.NotFound("API key");
        return await keys.RotateAsync(http.MerchantId(), keyId, TimeSpan.FromHours(graceHours), cancellationToken) is { } created
            ? TypedResults.Created($"/api/v1/api-keys/{created.Key.Id}", created)
            : ApiProblems.NotFound("API key");
    }

    private static ConflictProblem TooManyKeys() => ApiProblems.Conflict("too-many-api-keys", "Too many API keys",
        $"A merchant has at most {ApiKeys.MaxActiveKeys} active API keys. Revoke one you no longer use first.");
}
