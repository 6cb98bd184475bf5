using System.Text.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CarrierLink.Web.Api;

/// <summary>
/// Says what the serializer really reads and writes where the generator cannot see it:
/// <list type="bullet">
/// <item>strings go through the control-character converter (Security/ControlCharacters), so the generator, seeing a custom
/// converter, would leave them as <c>{}</c> (and lists of them without items): they are strings (or null where the member
/// is nullable);</item>
/// <item>numbers are also read from strings (the web defaults); the document names the form clients send and get: a number;</item>
/// <item>a member that may be null or left out (every optional input, an answer's omitted link) is not <c>required</c>.</item>
/// </list>
/// </summary>
public sealed class JsonSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        if (type == typeof(string) && schema.Type is null && schema.OneOf is null)
            schema.Type = context.JsonPropertyInfo?.IsGetNullable == true ? JsonSchemaType.String | JsonSchemaType.Null : JsonSchemaType.String;
        if (schema.Type is { } list && list.HasFlag(JsonSchemaType.Array) && schema.Items is null
            && context.JsonTypeInfo.ElementType == typeof(string))
            schema.Items = new OpenApiSchema { Type = JsonSchemaType.String };
        if (schema.Type is { } kind && kind.HasFlag(JsonSchemaType.String)
            && (kind.HasFlag(JsonSchemaType.Integer) || kind.HasFlag(JsonSchemaType.Number)))
        {
            schema.Type = kind & ~JsonSchemaType.String;
            schema.Pattern = null;
        }
        if (context.JsonPropertyInfo is null && schema.Required is { Count: > 0 } required)
        {
            foreach (var property in context.JsonTypeInfo.Properties.Where(MayBeAbsentOrNull))
                required.Remove(property.Name);
        }
        return Task.CompletedTask;
    }

    private static bool MayBeAbsentOrNull(System.Text.Json.Serialization.Metadata.JsonPropertyInfo property) =>
        property.IsGetNullable || Nullable.GetUnderlyingType(property.PropertyType) is not null || property.PropertyType == typeof(JsonElement);
}
