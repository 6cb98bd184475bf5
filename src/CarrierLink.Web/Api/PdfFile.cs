using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace CarrierLink.Web.Api;

/// <summary>A PDF CarrierLink keeps (a label, an End of Day form), as a typed result the OpenAPI document shows as application/pdf.</summary>
public sealed class PdfFile(byte[] contents, string fileName) : IResult, IEndpointMetadataProvider
{
    public Task ExecuteAsync(HttpContext httpContext) => TypedResults.File(contents, "application/pdf", fileName).ExecuteAsync(httpContext);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(Stream), ["application/pdf"]));
}
