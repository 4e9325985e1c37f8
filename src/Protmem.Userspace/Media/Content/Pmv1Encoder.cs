using System.Buffers.Binary;

namespace Protmem.Userspace.Media.Content;

/// <summary>
/// A PMV1 encoder, written from the format (docs/video-codec.md): a 16-byte header (magic "PMV1", u16 width,
/// u16 height, u32 payload bytes, u32 flags = 0, little-endian), then each row of the NV12 image (the Y plane,
/// then the interleaved CbCr plane at half height) coded on its own with PackBits: a control byte n of
/// 0..127 is followed by n+1 literal bytes, 129..255 by one byte repeated 257-n times.
/// </summary>
public static class Pmv1Encoder
{
    /// <summary>"PMV1" as a little-endian u32.</summary>
    public const uint Magic = 'P' | ('M' << 8) | ('V' << 16) | ('1' << 24);

    public const int HeaderSize = 16;

    public const int MaxWidth = 3840;

    public const int MaxHeight = 2160;

    /// <summary>Bytes of an NV12 image.</summary>
    public static int Nv12Size(int width, int height) => (width * height) + (width * (height / 2));

    /// <summary>Encodes one NV12 image of an even size up to 3840x2160; the frame's bytes.</summary>
    public static byte[] Encode(ReadOnlySpan<byte> nv12, int width, int height)
    {
        if (width <= 0 || height <= 0 || width > MaxWidth || height > MaxHeight || (width & 1) != 0 || (height & 1) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"{width}x{height} is not an even size up to {MaxWidth}x{MaxHeight}");
        }

        if (nv12.Length != Nv12Size(width, height))
        {
            throw new ArgumentException($"an NV12 {width}x{height} image is {Nv12Size(width, height)} bytes, not {nv12.Length}", nameof(nv12));
        }

        // Worst case: a control byte for every image byte (a lone literal before each pair).
        var rows = height + (height / 2);
        var output = new byte[HeaderSize + (2 * nv12.Length)];
        var position = HeaderSize;
        for (var row = 0; row < rows; row++)
        {
            position = EncodeRow(nv12.Slice(row * width, width), output, position);
        }

        BinaryPrimitives.WriteUInt32LittleEndian(output, Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(output.AsSpan(4), (ushort)width);
        BinaryPrimitives.WriteUInt16LittleEndian(output.AsSpan(6), (ushort)height);
        BinaryPrimitives.WriteUInt32LittleEndian(output.AsSpan(8), (uint)(position - HeaderSize));
        BinaryPrimitives.WriteUInt32LittleEndian(output.AsSpan(12), 0);
        return output.AsSpan(0, position).ToArray();
    }

    private static int EncodeRow(ReadOnlySpan<byte> row, byte[] output, int position)
    {
        var i = 0;
        while (i < row.Length)
        {
            // The run of row[i] (at most 128), found a vector at a time.
            var rest = row.Slice(i, Math.Min(128, row.Length - i));
            var other = rest.IndexOfAnyExcept(row[i]);
            var run = other < 0 ? rest.Length : other;

            if (run >= 2)
            {
                output[position++] = (byte)(257 - run);
                output[position++] = row[i];
                i += run;
                continue;
            }

            var start = i;
            var literal = 0;
            while (i < row.Length && literal < 128 && (i + 1 >= row.Length || row[i + 1] != row[i]))
            {
                i++;
                literal++;
            }

            output[position++] = (byte)(literal - 1);
            row.Slice(start, literal).CopyTo(output.AsSpan(position));
            position += literal;
        }

        return position;
    }
}
