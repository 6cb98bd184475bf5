using System.Net.Http.Headers;
using System.Text;

namespace CarrierLink.Sandbox.Usps.Api;

/// <summary>A multipart/form-data response, the way USPS returns a label with its metadata (labelMetadata + labelImage).</summary>
public sealed class MultipartResult(IReadOnlyList<MultipartResult.Part> parts, int statusCode = StatusCodes.Status200OK) : IResult
{
    public sealed record Part(string Name, byte[] Content, string ContentType, string? FileName = null);

    public static Part Json(string name, string json) => new(name, Encoding.UTF8.GetBytes(json), "application/json");

    public static Part Pdf(string name, byte[] pdf, string fileName) => new(name, pdf, "application/pdf", fileName);

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        using var multipart = new MultipartFormDataContent("usps-" + Guid.NewGuid().ToString("N"));
        foreach (var part in parts)
        {
            var content = new ByteArrayContent(part.Content);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(part.ContentType);
            if (part.FileName is null) multipart.Add(content, part.Name);
            else multipart.Add(content, part.Name, part.FileName);
        }
        httpContext.Response.StatusCode = statusCode;
        httpContext.Response.ContentType = multipart.Headers.ContentType!.ToString();
        await multipart.CopyToAsync(httpContext.Response.Body, httpContext.RequestAborted);
    }
}
