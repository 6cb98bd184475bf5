using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace CarrierLink.Carriers.Usps;

/// <summary>Reads a multipart/form-data response (USPS labels and SCAN forms) into its named parts.</summary>
internal static class MultipartParts
{
    public static async Task<Dictionary<string, byte[]>> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var contentType = response.Content.Headers.ContentType;
        var boundary = contentType?.Parameters.FirstOrDefault(p => p.Name.Equals("boundary", StringComparison.OrdinalIgnoreCase))?.Value?.Trim('"');
        if (string.IsNullOrEmpty(boundary)) throw new InvalidDataException("The response is not multipart.");

        var reader = new MultipartReader(boundary, await response.Content.ReadAsStreamAsync(cancellationToken));
        var parts = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.Name.HasValue) continue;
            using var buffer = new MemoryStream();
            await section.Body.CopyToAsync(buffer, cancellationToken);
            parts[disposition.Name.Value!.Trim('"')] = buffer.ToArray();
        }
        return parts;
    }
}
