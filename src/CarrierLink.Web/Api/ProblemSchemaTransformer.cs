using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CarrierLink.Web.Api;

/// <summary>Each problem body's <c>type</c> as the enum of the slugs it can carry (<see cref="ProblemTypes"/>), and its content type.</summary>
public sealed class ProblemSchemaTransformer : IOpenApiSchemaTransformer
{
    private static readonly Dictionary<Type, int> StatusOf = new()
    {
        [typeof(ValidationProblemBody)] = StatusCodes.Status400BadRequest,
        [typeof(ConflictProblemBody)] = StatusCodes.Status409Conflict,
        [typeof(UnprocessableProblemBody)] = StatusCodes.Status422UnprocessableEntity,
        [typeof(ReconnectRequiredProblemBody)] = StatusCodes.Status424FailedDependency,
    };

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        if (context.JsonPropertyInfo is not null || !typeof(ProblemBody).IsAssignableFrom(type)) return Task.CompletedTask;
        var slugs = (StatusOf.TryGetValue(type, out var status) ? ProblemTypes.WithStatus(status) : ProblemTypes.All)
            .Select(t => t.Slug).Distinct().ToList();
        if (schema.Properties?.TryGetValue("type", out var property) == true && property is OpenApiSchema typeSchema)
            typeSchema.Enum = slugs.Select(s => (JsonNode)JsonValue.Create(s)).ToList();
        return Task.CompletedTask;
    }
}
