using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.Intrinsics;

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
        CheckImage(nv12, width, height);
        var frame = new byte[MaxFrameSize(width, height)];
        var length = Encode(nv12, width, height, frame);
        return frame.AsSpan(0, length).ToArray();
    }

    /// <summary>Encodes one NV12 image into <paramref name="destination"/> (at least <see cref="MaxFrameSize"/> bytes); the frame's length.</summary>
    public static int Encode(ReadOnlySpan<byte> nv12, int width, int height, Span<byte> destination)
    {
        CheckImage(nv12, width, height);
        if (destination.Length < MaxFrameSize(width, height))
        {
            throw new ArgumentException($"a {width}x{height} frame may take {MaxFrameSize(width, height)} bytes, more than the {destination.Length} given", nameof(destination));
        }

        var rows = height + (height / 2);
        var length = HeaderSize;
        for (var row = 0; row < rows; row++)
        {
            length = EncodeRow(nv12.Slice(row * width, width), destination, length);
        }

        BinaryPrimitives.WriteUInt32LittleEndian(destination, Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[4..], (ushort)width);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[6..], (ushort)height);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], (uint)(length - HeaderSize));
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], 0);
        return length;
    }

    /// <summary>
    /// The largest frame <see cref="Encode(ReadOnlySpan{byte}, int, int)"/> makes of a <paramref name="width"/> × <paramref name="height"/> picture.
    /// A row costs its bytes plus one per literal packet; every literal but a row's last is 128 bytes long or followed
    /// by a run of at least 2, so a row holds at most width / 3 + 1 literals.
    /// </summary>
    public static int MaxFrameSize(int width, int height) => HeaderSize + ((height + (height / 2)) * (width + (width / 3) + 1));

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

    private static void CheckImage(ReadOnlySpan<byte> nv12, int width, int height)
    {
        if (width <= 0 || height <= 0 || width > MaxWidth || height > MaxHeight || (width & 1) != 0 || (height & 1) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"{width}x{height} is not an even size up to {MaxWidth}x{MaxHeight}");
        }

        if (nv12.Length != Nv12Size(width, height))
        {
            throw new ArgumentException($"an NV12 {width}x{height} image is {Nv12Size(width, height)} bytes, not {nv12.Length}", nameof(nv12));
        }
    }

    /// <summary>Codes one row at <paramref name="at"/> in <paramref name="output"/>; the position after it.</summary>
    private static int EncodeRow(ReadOnlySpan<byte> row, Span<byte> output, int at)
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
                output[at++] = (byte)(257 - run);
                output[at++] = row[i];
                i += run;
                continue;
            }

            var literal = LiteralLength(row, i);
            output[at++] = (byte)(literal - 1);
            row.Slice(i, literal).CopyTo(output[at..]);
            at += literal;
            i += literal;
        }

        return at;
    }

    /// <summary>
    /// How many bytes from <paramref name="start"/> go in one literal packet: up to 128, stopping before the first
    /// byte equal to its successor (where a run begins); the row's last byte always fits.
    /// </summary>
    private static int LiteralLength(ReadOnlySpan<byte> row, int start)
    {
        var limit = Math.Min(128, row.Length - start);
        var k = 0;
        // Compare each byte with its successor 16 at a time; the first equal pair ends the literal.
        while (k + Vector128<byte>.Count < limit && start + k + Vector128<byte>.Count < row.Length)
        {
            var here = Vector128.Create(row.Slice(start + k, Vector128<byte>.Count));
            var next = Vector128.Create(row.Slice(start + k + 1, Vector128<byte>.Count));
            var equal = Vector128.Equals(here, next).ExtractMostSignificantBits();
            if (equal != 0)
            {
                return Math.Min(limit, k + BitOperations.TrailingZeroCount(equal));
            }

            k += Vector128<byte>.Count;
        }

        while (k < limit && (start + k + 1 >= row.Length || row[start + k + 1] != row[start + k]))
        {
            k++;
        }

        return k;
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
