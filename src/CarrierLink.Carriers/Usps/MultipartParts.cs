using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace CarrierLink.Carriers.Usps;

/// <summary>
/// A USPS multipart answer (labels, SCAN forms) read the way USPS's Labels spec says to read it: the
/// first part is the JSON metadata, and the image parts after it "are always Base64 encoded" whatever
/// their Content-Transfer-Encoding says. USPS's own samples name the image part only by an attachment
/// filename (or not at all), so images are known by name when they have one and by position otherwise.
/// </summary>
internal sealed class MultipartParts
{
    private readonly List<(string? Name, byte[] Content)> _images = [];

    private MultipartParts(byte[] metadata) => Metadata = metadata;

    /// <summary>The JSON metadata part (labelMetadata, or the SCAN form's description).</summary>
    public byte[] Metadata { get; }

    /// <summary>
    /// The decoded image named <paramref name="name"/>, else the image at its place: labelImage is the first
    /// image part, receiptImage the second (the order of USPS's LabelMultiPartResponse).
    /// </summary>
    public byte[] Image(string name, int position = 0) =>
        _images.FirstOrDefault(i => i.Name == name).Content
        ?? _images.Where(i => i.Name is null).Select(i => i.Content).ElementAtOrDefault(position)
        ?? throw new InvalidDataException($"The answer has no {name} part.");

    public static async Task<MultipartParts> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var contentType = response.Content.Headers.ContentType;
        var boundary = contentType?.Parameters.FirstOrDefault(p => p.Name.Equals("boundary", StringComparison.OrdinalIgnoreCase))?.Value?.Trim('"');
        if (string.IsNullOrEmpty(boundary)) throw new InvalidDataException("The response is not multipart.");

        var reader = new MultipartReader(boundary, await response.Content.ReadAsStreamAsync(cancellationToken));
        MultipartParts? parts = null;
        while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
        {
            using var buffer = new MemoryStream();
            await section.Body.CopyToAsync(buffer, cancellationToken);
            var name = ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) && disposition.Name.HasValue
                ? disposition.Name.Value!.Trim('"')
                : null;
            if (parts is null) parts = new MultipartParts(buffer.ToArray());
            else parts._images.Add((name, DecodeImage(buffer.ToArray())));
        }
        return parts ?? throw new InvalidDataException("The multipart answer has no parts.");
    }

    private static byte[] DecodeImage(byte[] content)
    {
        var text = Encoding.ASCII.GetString(content);
        try { return Convert.FromBase64String(text); }
        catch (FormatException) { throw new InvalidDataException("An image part is not Base64, which USPS says it always is."); }
    }
}
