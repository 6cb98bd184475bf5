using System.Text;

namespace StandInCarrier;

/// <summary>
/// A one-page PDF of the size the sandbox draws for a label (about 900 bytes): CarrierLink stores the PDF it is
/// given, so the label answer should carry one of a realistic size. Built once; every label gets the same image.
/// </summary>
internal static class LabelPdf
{
    public static byte[] Create()
    {
        const string content = "BT /F1 11 Tf 14 TL 18 402 Td\n(STAND-IN CARRIER LABEL - NOT VALID FOR MAILING) Tj T*\n(PRIORITY MAIL) Tj T*\n"
            + "(Postage $9.85  Zone 08) Tj T*\n(From: Jane Shipper) Tj T*\n(123 Main St) Tj T*\n(New York NY 10001) Tj T*\n() Tj T*\n"
            + "(To: Sam Receiver) Tj T*\n(500 Howard St) Tj T*\n(San Francisco CA 94105) Tj T*\n() Tj T*\n(USPS TRACKING #) Tj T*\nET";
        string[] objects =
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 288 432] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
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
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }
}
