using System.Net.Http.Headers;
using System.Text;

namespace CarrierLink.Sandbox.Usps.Api;

/// <summary>
/// A multipart/form-data response, the way USPS's Labels spec returns a label: a JSON metadata part named
/// by a form-data disposition, then image parts that are "always Base64 encoded" and carry only an
/// attachment disposition with a filename.
/// </summary>
public sealed class MultipartResult(IReadOnlyList<MultipartResult.Part> parts, int statusCode = StatusCodes.Status200OK) : IResult
{
    public sealed record Part(string? Name, byte[] Content, string ContentType, string? FileName = null);

    public static Part Json(string name, string json) => new(name, Encoding.UTF8.GetBytes(json), "application/json");

    /// <summary>
    /// An image part as USPS sends it: Base64 text. A label's is named only by its file name (an attachment);
    /// a SCAN form's carries a form-data name too (USPS's SCAN form sample: name="label", filename="label.pdf").
    /// </summary>
    public static Part Pdf(byte[] pdf, string fileName, string? name = null) => new(name, Encoding.ASCII.GetBytes(Convert.ToBase64String(pdf)), "application/pdf", fileName);

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        using var multipart = new MultipartFormDataContent("usps-" + Guid.NewGuid().ToString("N"));
        foreach (var part in parts)
        {
            var content = new ByteArrayContent(part.Content);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(part.ContentType);
            content.Headers.ContentDisposition = part.Name is not null
                ? new ContentDispositionHeaderValue("form-data") { Name = $"\"{part.Name}\"", FileName = part.FileName is null ? null : $"\"{part.FileName}\"" }
                : new ContentDispositionHeaderValue("attachment") { FileName = $"\"{part.FileName}\"" };
            multipart.Add(content);
        }
        httpContext.Response.StatusCode = statusCode;
        httpContext.Response.ContentType = multipart.Headers.ContentType!.ToString();
        await multipart.CopyToAsync(httpContext.Response.Body, httpContext.RequestAborted);
    }
}
