using System.Text;

namespace CarrierLink.Sandbox.Usps.Api;

/// <summary>Small but valid one-page PDFs (labels, SCAN forms): enough for a viewer, a printer or a PDF parser.</summary>
public static class UspsDocuments
{
    /// <summary>A page of <paramref name="widthPt"/> x <paramref name="heightPt"/> points with the lines in Helvetica, top to bottom.</summary>
    public static byte[] Pdf(IReadOnlyList<string> lines, int widthPt = 288, int heightPt = 432)
    {
        var content = new StringBuilder("BT /F1 11 Tf 14 TL 18 ").Append(heightPt - 30).Append(" Td\n");
        foreach (var line in lines) content.Append('(').Append(Escape(line)).Append(") Tj T*\n");
        content.Append("ET");

        string[] objects =
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            $"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {widthPt} {heightPt}] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            $"<< /Length {content.Length} >>\nstream\n{content}\nendstream",
        ];

        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(pdf.Length);
            pdf.Append(i + 1).Append(" 0 obj\n").Append(objects[i]).Append("\nendobj\n");
        }
        var xref = pdf.Length;
        pdf.Append("xref\n0 ").Append(objects.Length + 1).Append("\n0000000000 65535 f \n");
        foreach (var offset in offsets) pdf.Append(offset.ToString("D10", System.Globalization.CultureInfo.InvariantCulture)).Append(" 00000 n \n");
        pdf.Append("trailer\n<< /Size ").Append(objects.Length + 1).Append(" /Root 1 0 R >>\nstartxref\n").Append(xref).Append("\n%%EOF\n");
        // Everything above is ASCII (Escape drops the rest), so string length equals byte offset.
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }

    private static string Escape(string text)
    {
        var ascii = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '(' or ')' or '\\') ascii.Append('\\').Append(c);
            else if (c is >= ' ' and <= '~') ascii.Append(c);
            else ascii.Append('?');
        }
        return ascii.ToString();
    }
}
