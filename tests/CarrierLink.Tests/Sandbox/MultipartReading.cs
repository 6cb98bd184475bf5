using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace CarrierLink.Tests.Sandbox;

public static class MultipartReading
{
    /// <summary>The parts of a multipart/form-data response by their form name, or by file name for USPS's attachment parts.</summary>
    public static async Task<Dictionary<string, HttpContent>> ReadAsMultipartAsync(this HttpContent content)
    {
        var boundary = HeaderUtilities.RemoveQuotes(MediaTypeHeaderValue.Parse(content.Headers.ContentType!.ToString()).Boundary).Value!;
        var reader = new MultipartReader(boundary, await content.ReadAsStreamAsync());
        var parts = new Dictionary<string, HttpContent>(StringComparer.Ordinal);
        while (await reader.ReadNextSectionAsync() is { } section)
        {
            var disposition = ContentDispositionHeaderValue.Parse(section.ContentDisposition);
            using var buffer = new MemoryStream();
            await section.Body.CopyToAsync(buffer);
            var part = new ByteArrayContent(buffer.ToArray());
            if (section.ContentType is { } type) part.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(type);
            var key = disposition.Name.HasValue ? disposition.Name : disposition.FileName;
            parts[HeaderUtilities.RemoveQuotes(key).Value!] = part;
        }
        return parts;
    }
}
