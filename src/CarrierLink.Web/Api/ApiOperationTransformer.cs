using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CarrierLink.Web.Api;

/// <summary>
/// What every operation shares and no handler returns itself: the API key requirement with its 401 and 429, the 500
/// and 503 any request may meet, 413/415 for a body, Retry-After and Location headers, and under each problem status
/// the <c>type</c> slugs it carries (<see cref="ProblemTypes"/>).
/// </summary>
public sealed class ApiOperationTransformer : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        operation.Responses ??= new OpenApiResponses();
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Any())
        {
            var apiKey = new OpenApiSecuritySchemeReference(ApiDocumentTransformer.SecurityScheme, context.Document);
            operation.Security = [new OpenApiSecurityRequirement { [apiKey] = [] }];
            await AddProblemAsync(operation, context, StatusCodes.Status401Unauthorized, cancellationToken);
            await AddProblemAsync(operation, context, StatusCodes.Status429TooManyRequests, cancellationToken);
        }
        if (context.Description.ParameterDescriptions.Any(p => p.Source == BindingSource.Body))
        {
            await AddProblemAsync(operation, context, StatusCodes.Status400BadRequest, cancellationToken, typeof(ValidationProblemBody));
            await AddProblemAsync(operation, context, StatusCodes.Status413PayloadTooLarge, cancellationToken);
            await AddProblemAsync(operation, context, StatusCodes.Status415UnsupportedMediaType, cancellationToken);
        }
        await AddProblemAsync(operation, context, StatusCodes.Status500InternalServerError, cancellationToken);
        await DescribeEachAnswerAsync(operation, context, cancellationToken);
        await AddProblemAsync(operation, context, StatusCodes.Status503ServiceUnavailable, cancellationToken);

        foreach (var (code, response) in operation.Responses)
        {
            if (response is not OpenApiResponse answer || !int.TryParse(code, out var status)) continue;
            if (status is StatusCodes.Status201Created or StatusCodes.Status202Accepted)
                AddHeader(answer, "Location", "Where the new resource (or the delivery log) is.", JsonSchemaType.String);
            if (status is StatusCodes.Status429TooManyRequests or StatusCodes.Status503ServiceUnavailable)
                AddHeader(answer, "Retry-After", "Seconds to wait before trying again.", JsonSchemaType.Integer);
            if (ProblemTypes.WithStatus(status).Any()) answer.Description = ProblemDescription(status);
        }
    }

    /// <summary>
    /// An endpoint whose one status has several shapes (reconnect: the account, or the sign-in page, or the verification)
    /// lists each: the generator keeps only one per status.
    /// </summary>
    private static async Task DescribeEachAnswerAsync(
        OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var shapes = context.Description.ActionDescriptor.EndpointMetadata.OfType<IProducesResponseTypeMetadata>()
            .Where(m => m.Type is not null && m.Type != typeof(void))
            .GroupBy(m => m.StatusCode)
            .Where(g => g.Select(m => m.Type).Distinct().Count() > 1);
        foreach (var status in shapes)
        {
            if (!operation.Responses!.TryGetValue(status.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), out var response)
                || response.Content is null) continue;
            var choices = new List<IOpenApiSchema>();
            foreach (var type in status.Select(m => m.Type!).Distinct()) choices.Add(await SchemaForAsync(context, type, cancellationToken));
            foreach (var media in response.Content.Values) media.Schema = new OpenApiSchema { OneOf = choices };
        }
    }

    /// <summary>A reference to the type's component schema where it has one, else the schema itself.</summary>
    private static async Task<IOpenApiSchema> SchemaForAsync(
        OpenApiOperationTransformerContext context, Type type, CancellationToken cancellationToken)
    {
        var schema = await context.GetOrCreateSchemaAsync(type, null, cancellationToken);
        return context.Document?.Components?.Schemas?.ContainsKey(type.Name) == true
            ? new OpenApiSchemaReference(type.Name, context.Document)
            : schema;
    }

    private static async Task AddProblemAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, int status,
        CancellationToken cancellationToken, Type? body = null)
    {
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (operation.Responses!.ContainsKey(key)) return;
        var schema = await SchemaForAsync(context, body ?? typeof(ProblemBody), cancellationToken);
        operation.Responses[key] = new OpenApiResponse
        {
            Content = new Dictionary<string, OpenApiMediaType> { [ApiProblem.ContentType] = new() { Schema = schema } },
        };
    }

    private static void AddHeader(OpenApiResponse response, string name, string description, JsonSchemaType type)
    {
        response.Headers ??= new Dictionary<string, IOpenApiHeader>();
        response.Headers[name] = new OpenApiHeader { Description = description, Schema = new OpenApiSchema { Type = type } };
    }

    /// <summary>"Problem types:" and each slug of the status with when it comes, so a client knows what to switch on.</summary>
    private static string ProblemDescription(int status)
    {
        var text = new StringBuilder(Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status)).Append(". Problem types:");
        foreach (var type in ProblemTypes.WithStatus(status)) text.Append("\n- `").Append(type.Slug).Append("`: ").Append(type.When);
        return text.ToString();
    }
}
