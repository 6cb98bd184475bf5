using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace CarrierLink.Carriers.Ups;

/// <summary>
/// UPS ships labels as GIF images; CarrierLink keeps and serves labels as PDF. This puts the GIF's pixels on one
/// 4×6 inch page (an indexed, Flate-compressed image), turned a quarter when the image is landscape as UPS's are.
/// </summary>
internal static class UpsLabelPdf
{
    private const int PageWidth = 288;
    private const int PageHeight = 432;

    public static byte[] FromGif(byte[] gif)
    {
        var image = GifImage.Decode(gif);
        byte[] pixels;
        using (var compressed = new MemoryStream())
        {
            using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true)) zlib.Write(image.Indices);
            pixels = compressed.ToArray();
        }
        var colours = image.Palette.Length / 3;
        var palette = Convert.ToHexString(image.Palette);
        var placement = image.Width > image.Height
            ? $"0 {PageHeight} -{PageWidth} 0 {PageWidth} 0 cm"
            : $"{PageWidth} 0 0 {PageHeight} 0 0 cm";
        var content = $"q {placement} /Label Do Q";

        using var pdf = new MemoryStream();
        var offsets = new List<long>();
        void Text(string text) => pdf.Write(Encoding.ASCII.GetBytes(text));
        void Object(string dictionary, byte[]? stream = null)
        {
            offsets.Add(pdf.Position);
            Text($"{offsets.Count} 0 obj\n{dictionary}\n");
            if (stream is not null)
            {
                Text("stream\n");
                pdf.Write(stream);
                Text("\nendstream\n");
            }
            Text("endobj\n");
        }

        Text("%PDF-1.4\n");
        Object("<< /Type /Catalog /Pages 2 0 R >>");
        Object("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
        Object($"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PageWidth} {PageHeight}] /Resources << /XObject << /Label 5 0 R >> >> /Contents 4 0 R >>");
        Object($"<< /Length {content.Length} >>", Encoding.ASCII.GetBytes(content));
        Object(string.Create(CultureInfo.InvariantCulture,
            $"<< /Type /XObject /Subtype /Image /Width {image.Width} /Height {image.Height} /ColorSpace [/Indexed /DeviceRGB {colours - 1} <{palette}>] " +
            $"/BitsPerComponent 8 /Filter /FlateDecode /Length {pixels.Length} >>"), pixels);
        var xref = pdf.Position;
        Text($"xref\n0 {offsets.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets) Text($"{offset.ToString("D10", CultureInfo.InvariantCulture)} 00000 n \n");
        Text($"trailer\n<< /Size {offsets.Count + 1} /Root 1 0 R >>\nstartxref\n{xref.ToString(CultureInfo.InvariantCulture)}\n%%EOF\n");
        return pdf.ToArray();
    }
}
