using System.Text;

namespace CarrierLink.Sandbox.Ups.Api;

/// <summary>
/// The label image UPS returns for LabelImageFormat GIF (Shipping.yaml: "for image formats use GIF"): a 4×6 inch,
/// 100 dpi, black-and-white GIF89a with a border, the routing bars and a barcode drawn from the tracking number.
/// The label's words ride in a GIF comment, as the sandbox draws no text.
/// </summary>
public static class UpsLabelImage
{
    public const int Width = 400;
    public const int Height = 600;

    public static byte[] Gif(string trackingNumber, IReadOnlyList<string> lines)
    {
        var pixels = new byte[Width * Height];
        void Fill(int x, int y, int w, int h)
        {
            for (var row = y; row < Math.Min(Height, y + h); row++)
                Array.Fill(pixels, (byte)1, (row * Width) + x, Math.Min(w, Width - x));
        }
        Fill(8, 8, Width - 16, 4); Fill(8, Height - 12, Width - 16, 4); Fill(8, 8, 4, Height - 16); Fill(Width - 12, 8, 4, Height - 16);
        Fill(8, 180, Width - 16, 6); Fill(8, 330, Width - 16, 6); Fill(20, 200, 110, 110);
        // A barcode-like pattern: each character's bits as narrow and wide bars.
        var x = 30;
        foreach (var bit in trackingNumber.SelectMany(c => Enumerable.Range(0, 6).Select(i => (c >> i) & 1)))
        {
            var width = bit == 1 ? 3 : 1;
            Fill(x, 380, width, 140);
            x += width + 2;
            if (x > Width - 40) break;
        }

        using var gif = new MemoryStream();
        gif.Write("GIF89a"u8);
        Short(gif, Width); Short(gif, Height);
        gif.Write([0x80, 0, 0, 0xFF, 0xFF, 0xFF, 0, 0, 0]); // global table of two colours: white, black
        gif.Write([0x21, 0xFE]);
        SubBlocks(gif, Encoding.ASCII.GetBytes(string.Join('\n', lines.Prepend(trackingNumber))));
        gif.WriteByte(0x2C);
        Short(gif, 0); Short(gif, 0); Short(gif, Width); Short(gif, Height);
        gif.WriteByte(0);
        const int minCodeSize = 2;
        gif.WriteByte(minCodeSize);
        SubBlocks(gif, Lzw(pixels, minCodeSize));
        gif.WriteByte(0x3B);
        return gif.ToArray();
    }

    /// <summary>GIF's variable-width LZW, codes packed least significant bit first (GIF89a appendix F).</summary>
    private static byte[] Lzw(byte[] pixels, int minCodeSize)
    {
        var clear = 1 << minCodeSize;
        var end = clear + 1;
        var next = end + 1;
        var codeSize = minCodeSize + 1;
        var table = new Dictionary<int, int>();
        using var output = new MemoryStream();
        int buffer = 0, bits = 0;
        void Emit(int code)
        {
            buffer |= code << bits;
            bits += codeSize;
            while (bits >= 8)
            {
                output.WriteByte((byte)buffer);
                buffer >>= 8;
                bits -= 8;
            }
        }

        Emit(clear);
        var prefix = (int)pixels[0];
        for (var i = 1; i < pixels.Length; i++)
        {
            var key = (prefix << 8) | pixels[i];
            if (table.TryGetValue(key, out var code))
            {
                prefix = code;
                continue;
            }
            Emit(prefix);
            if (next == 4096)
            {
                Emit(clear);
                table.Clear();
                next = end + 1;
                codeSize = minCodeSize + 1;
            }
            else
            {
                if (next >= 1 << codeSize) codeSize++;
                table[key] = next++;
            }
            prefix = pixels[i];
        }
        Emit(prefix);
        Emit(end);
        if (bits > 0) output.WriteByte((byte)buffer);
        return output.ToArray();
    }

    private static void SubBlocks(Stream stream, byte[] data)
    {
        for (var offset = 0; offset < data.Length; offset += 255)
        {
            var length = Math.Min(255, data.Length - offset);
            stream.WriteByte((byte)length);
            stream.Write(data, offset, length);
        }
        stream.WriteByte(0);
    }

    private static void Short(Stream stream, int value)
    {
        stream.WriteByte((byte)value);
        stream.WriteByte((byte)(value >> 8));
    }
}
