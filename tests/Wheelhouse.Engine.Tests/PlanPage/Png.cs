using System.Buffers.Binary;
using System.IO.Compression;

namespace Wheelhouse.Engine.Tests.PlanPageTests;

/// <summary>Just enough PNG reading for the screenshot test: 8-bit, non-interlaced RGB/RGBA.</summary>
internal sealed class Png
{
    public static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private readonly byte[] _pixels; // RGB or RGBA rows, unfiltered
    private readonly int _channels;

    private Png(int width, int height, int channels, byte[] pixels)
    {
        Width = width;
        Height = height;
        _channels = channels;
        _pixels = pixels;
    }

    public int Width { get; }
    public int Height { get; }

    public (byte R, byte G, byte B) this[int x, int y]
    {
        get
        {
            var i = (y * Width + x) * _channels;
            return (_pixels[i], _pixels[i + 1], _pixels[i + 2]);
        }
    }

    public static bool HasSignature(byte[] bytes) => bytes.Length >= 8 && bytes.AsSpan(0, 8).SequenceEqual(Signature);

    /// <summary>Width and height from the IHDR chunk, which must come first.</summary>
    public static (int Width, int Height) ReadSize(byte[] bytes)
    {
        if (!HasSignature(bytes) || bytes.Length < 24 || !bytes.AsSpan(12, 4).SequenceEqual("IHDR"u8))
            throw new InvalidDataException("Not a PNG file.");
        return (BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
    }

    public static Png Decode(byte[] bytes)
    {
        var (width, height) = ReadSize(bytes);
        int bitDepth = bytes[24], colorType = bytes[25], interlace = bytes[28];
        if (bitDepth != 8 || interlace != 0 || colorType is not (2 or 6))
            throw new NotSupportedException($"PNG bit depth {bitDepth}, color type {colorType}, interlace {interlace} not supported.");
        var channels = colorType == 6 ? 4 : 3;

        using var idat = new MemoryStream();
        var offset = 8;
        while (offset + 8 <= bytes.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(offset));
            var type = bytes.AsSpan(offset + 4, 4);
            if (type.SequenceEqual("IDAT"u8))
                idat.Write(bytes, offset + 8, length);
            if (type.SequenceEqual("IEND"u8))
                break;
            offset += 12 + length;
        }

        idat.Position = 0;
        using var inflater = new ZLibStream(idat, CompressionMode.Decompress);
        var stride = width * channels;
        var raw = new byte[(stride + 1) * height];
        inflater.ReadExactly(raw);

        var pixels = new byte[stride * height];
        for (var y = 0; y < height; y++)
        {
            var filter = raw[y * (stride + 1)];
            var src = y * (stride + 1) + 1;
            var row = y * stride;
            for (var i = 0; i < stride; i++)
            {
                int a = i >= channels ? pixels[row + i - channels] : 0;
                int b = y > 0 ? pixels[row - stride + i] : 0;
                int c = i >= channels && y > 0 ? pixels[row - stride + i - channels] : 0;
                var x = raw[src + i];
                pixels[row + i] = filter switch
                {
                    0 => x,
                    1 => (byte)(x + a),
                    2 => (byte)(x + b),
                    3 => (byte)(x + (a + b) / 2),
                    4 => (byte)(x + Paeth(a, b, c)),
                    _ => throw new InvalidDataException($"Bad PNG filter {filter}."),
                };
            }
        }

        return new Png(width, height, channels, pixels);
    }

    /// <summary>Number of pixels within <paramref name="tolerance"/> of the color <paramref name="hex"/> (#rrggbb).</summary>
    public int Count(string hex, int tolerance = 4)
    {
        var r = Convert.ToInt32(hex[1..3], 16);
        var g = Convert.ToInt32(hex[3..5], 16);
        var b = Convert.ToInt32(hex[5..7], 16);
        var count = 0;
        for (var y = 0; y < Height; y++)
        for (var x = 0; x < Width; x++)
        {
            var p = this[x, y];
            if (Math.Abs(p.R - r) <= tolerance && Math.Abs(p.G - g) <= tolerance && Math.Abs(p.B - b) <= tolerance)
                count++;
        }

        return count;
    }

    public int DistinctColors()
    {
        var set = new HashSet<int>();
        for (var y = 0; y < Height; y++)
        for (var x = 0; x < Width; x++)
        {
            var p = this[x, y];
            set.Add((p.R << 16) | (p.G << 8) | p.B);
        }

        return set.Count;
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
