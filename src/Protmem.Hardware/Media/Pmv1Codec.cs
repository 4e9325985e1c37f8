using System.Buffers.Binary;

namespace Protmem.Hardware.Media;

/// <summary>
/// PMV1, the intra-frame video codec the model's decoder implements (docs/video-codec.md): each frame is a
/// 16-byte header (magic "PMV1", u16 width, u16 height, u32 payload bytes, u32 flags = 0, all little-endian)
/// and the frame's NV12 image (the Y plane, then the interleaved CbCr plane at half height), each row coded
/// on its own with PackBits (a control byte n: 0..127 → n+1 literal bytes follow; 129..255 → the next byte
/// repeated 257-n times; 128 → nothing). Lossless; every frame decodes alone (there are no inter frames).
/// </summary>
public static class Pmv1Codec
{
    /// <summary>"PMV1" as a little-endian u32 (also the V4L2 fourcc of the coded format).</summary>
    public const uint Magic = 'P' | ('M' << 8) | ('V' << 16) | ('1' << 24);

    public const int HeaderSize = 16;

    /// <summary>The largest width and height the decoder takes (4K UHD).</summary>
    public const int MaxWidth = 3840;

    public const int MaxHeight = 2160;

    /// <summary>Bytes of an NV12 image of <paramref name="width"/> × <paramref name="height"/>.</summary>
    public static int Nv12Size(int width, int height) => (width * height) + (width * (height / 2));

    /// <summary>True when the header at the start of <paramref name="frame"/> is valid; its size and payload length.</summary>
    public static bool TryReadHeader(ReadOnlySpan<byte> frame, out int width, out int height, out int payload)
    {
        width = height = payload = 0;
        if (frame.Length < HeaderSize || BinaryPrimitives.ReadUInt32LittleEndian(frame) != Magic || BinaryPrimitives.ReadUInt32LittleEndian(frame[12..]) != 0)
        {
            return false;
        }

        width = BinaryPrimitives.ReadUInt16LittleEndian(frame[4..]);
        height = BinaryPrimitives.ReadUInt16LittleEndian(frame[6..]);
        var length = BinaryPrimitives.ReadUInt32LittleEndian(frame[8..]);
        if (width == 0 || height == 0 || width > MaxWidth || height > MaxHeight || (width & 1) != 0 || (height & 1) != 0 || length > int.MaxValue - HeaderSize)
        {
            return false;
        }

        payload = (int)length;
        return true;
    }

    /// <summary>Encodes one NV12 image; the frame's bytes.</summary>
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

        var output = new List<byte>(nv12.Length / 4);
        var rows = height + (height / 2);
        for (var row = 0; row < rows; row++)
        {
            EncodeRow(nv12.Slice(row * width, width), output);
        }

        var frame = new byte[HeaderSize + output.Count];
        BinaryPrimitives.WriteUInt32LittleEndian(frame, Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(frame.AsSpan(4), (ushort)width);
        BinaryPrimitives.WriteUInt16LittleEndian(frame.AsSpan(6), (ushort)height);
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(8), (uint)output.Count);
        output.CopyTo(frame, HeaderSize);
        return frame;
    }

    /// <summary>
    /// Decodes one frame into <paramref name="nv12"/> (at least <see cref="Nv12Size"/> bytes); false for a
    /// corrupt or truncated frame (what was decoded before the error stays written).
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> frame, Span<byte> nv12, out int width, out int height)
    {
        if (!TryReadHeader(frame, out width, out height, out var payload) || frame.Length - HeaderSize < payload || nv12.Length < Nv12Size(width, height))
        {
            return false;
        }

        var input = frame.Slice(HeaderSize, payload);
        var rows = height + (height / 2);
        var position = 0;
        for (var row = 0; row < rows; row++)
        {
            if (!DecodeRow(input, ref position, nv12.Slice(row * width, width)))
            {
                return false;
            }
        }

        return position == input.Length;
    }

    private static void EncodeRow(ReadOnlySpan<byte> row, List<byte> output)
    {
        var i = 0;
        while (i < row.Length)
        {
            var run = 1;
            while (i + run < row.Length && run < 128 && row[i + run] == row[i])
            {
                run++;
            }

            if (run >= 2)
            {
                output.Add((byte)(257 - run));
                output.Add(row[i]);
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

            if (literal == 0)
            {
                continue;
            }

            output.Add((byte)(literal - 1));
            for (var k = start; k < start + literal; k++)
            {
                output.Add(row[k]);
            }
        }
    }

    private static bool DecodeRow(ReadOnlySpan<byte> input, ref int position, Span<byte> row)
    {
        var filled = 0;
        while (filled < row.Length)
        {
            if (position >= input.Length)
            {
                return false;
            }

            var control = input[position++];
            if (control < 128)
            {
                var count = control + 1;
                if (count > row.Length - filled || count > input.Length - position)
                {
                    return false;
                }

                input.Slice(position, count).CopyTo(row[filled..]);
                position += count;
                filled += count;
            }
            else if (control > 128)
            {
                var count = 257 - control;
                if (count > row.Length - filled || position >= input.Length)
                {
                    return false;
                }

                row.Slice(filled, count).Fill(input[position++]);
                filled += count;
            }
        }

        return true;
    }
}
