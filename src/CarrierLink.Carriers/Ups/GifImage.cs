namespace CarrierLink.Carriers.Ups;

/// <summary>The first image of a GIF as palette indices, one byte per pixel, top row first (GIF89a, W3C spec).</summary>
internal sealed record GifImage(int Width, int Height, byte[] Palette, byte[] Indices)
{
    /// <summary>Decodes <paramref name="gif"/>; InvalidDataException when it is not a GIF this reader understands.</summary>
    public static GifImage Decode(byte[] gif)
    {
        var at = 0;
        byte Next() => at < gif.Length ? gif[at++] : throw new InvalidDataException("The GIF ends early.");
        int Short() => Next() | (Next() << 8);
        byte[] Take(int count)
        {
            if (at + count > gif.Length) throw new InvalidDataException("The GIF ends early.");
            var part = gif[at..(at + count)];
            at += count;
            return part;
        }
        byte[] SubBlocks()
        {
            using var data = new MemoryStream();
            for (var length = Next(); length > 0; length = Next()) data.Write(Take(length));
            return data.ToArray();
        }

        if (gif.Length < 13 || gif[0] != 'G' || gif[1] != 'I' || gif[2] != 'F') throw new InvalidDataException("The label is not a GIF.");
        at = 6;
        Short(); Short();
        var flags = Next();
        at += 2;
        var palette = (flags & 0x80) != 0 ? Take(3 << ((flags & 7) + 1)) : [];
        while (true)
        {
            switch (Next())
            {
                case 0x21:
                    Next();
                    SubBlocks();
                    break;
                case 0x2C:
                    Short(); Short();
                    var width = Short();
                    var height = Short();
                    var imageFlags = Next();
                    if ((imageFlags & 0x80) != 0) palette = Take(3 << ((imageFlags & 7) + 1));
                    if (palette.Length == 0 || width == 0 || height == 0) throw new InvalidDataException("The GIF has no colour table or no pixels.");
                    var minCodeSize = Next();
                    var indices = Lzw(SubBlocks(), minCodeSize, width * height);
                    return new GifImage(width, height, palette, (imageFlags & 0x40) != 0 ? Deinterlace(indices, width, height) : indices);
                default:
                    throw new InvalidDataException("The GIF holds no image.");
            }
        }
    }

    /// <summary>GIF's variable-width LZW, codes packed least significant bit first.</summary>
    private static byte[] Lzw(byte[] data, int minCodeSize, int pixelCount)
    {
        if (minCodeSize is < 2 or > 8) throw new InvalidDataException("The GIF's LZW code size is invalid.");
        var clear = 1 << minCodeSize;
        var end = clear + 1;
        var prefix = new int[4096];
        var suffix = new byte[4096];
        var length = new int[4096];
        for (var i = 0; i < clear; i++) { suffix[i] = (byte)i; length[i] = 1; }
        var output = new byte[pixelCount];
        int written = 0, codeSize = minCodeSize + 1, next = end + 1, previous = -1, buffer = 0, bits = 0, position = 0;
        var stack = new byte[4096];
        while (written < pixelCount)
        {
            while (bits < codeSize)
            {
                if (position >= data.Length) return written == pixelCount ? output : throw new InvalidDataException("The GIF's image data ends early.");
                buffer |= data[position++] << bits;
                bits += 8;
            }
            var code = buffer & ((1 << codeSize) - 1);
            buffer >>= codeSize;
            bits -= codeSize;
            if (code == clear) { codeSize = minCodeSize + 1; next = end + 1; previous = -1; continue; }
            if (code == end) break;
            if (previous < 0)
            {
                if (code >= clear) throw new InvalidDataException("The GIF's image data is corrupt.");
                output[written++] = (byte)code;
                previous = code;
                continue;
            }
            if (code > next) throw new InvalidDataException("The GIF's image data is corrupt.");
            // "KwKwK": a code one past the table is the previous string plus its own first character.
            var repeatsPrevious = code == next;
            var entry = repeatsPrevious ? previous : code;
            var count = 0;
            for (var e = entry; ; e = prefix[e]) { stack[count++] = suffix[e]; if (length[e] == 1) break; }
            var first = stack[count - 1];
            if (next < 4096)
            {
                prefix[next] = previous;
                suffix[next] = first;
                length[next] = length[previous] + 1;
                next++;
                if (next >= 1 << codeSize && codeSize < 12) codeSize++;
            }
            for (var i = count - 1; i >= 0 && written < pixelCount; i--) output[written++] = stack[i];
            if (repeatsPrevious && written < pixelCount) output[written++] = first;
            previous = code;
        }
        return output;
    }

    /// <summary>Interlaced rows come in four passes: every 8th from 0, every 8th from 4, every 4th from 2, every 2nd from 1.</summary>
    private static byte[] Deinterlace(byte[] rows, int width, int height)
    {
        var result = new byte[rows.Length];
        var source = 0;
        foreach (var (start, step) in new[] { (0, 8), (4, 8), (2, 4), (1, 2) })
        {
            for (var row = start; row < height; row += step, source++)
                Array.Copy(rows, source * width, result, row * width, width);
        }
        return result;
    }
}
