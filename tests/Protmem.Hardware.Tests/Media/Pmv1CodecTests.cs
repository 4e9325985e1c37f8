using System.Buffers.Binary;
using Protmem.Hardware.Media;

namespace Protmem.Hardware.Tests.Media;

public sealed class Pmv1CodecTests
{
    [Theory]
    [InlineData("flat", 64, 48)]
    [InlineData("gradient", 130, 20)]
    [InlineData("noise", 96, 64)]
    [InlineData("stripes", 258, 4)]
    public void EncodeThenDecode_Image_GivesTheSameBytes(string pattern, int width, int height)
    {
        var image = Image(pattern, width, height);

        var frame = Pmv1Codec.Encode(image, width, height);
        var decoded = new byte[Pmv1Codec.Nv12Size(width, height)];

        Assert.True(Pmv1Codec.TryDecode(frame, decoded, out var w, out var h));
        Assert.Equal((width, height), (w, h));
        Assert.Equal(image, decoded);
    }

    [Fact]
    public void Encode_Header_IsMagicSizePayloadAndZeroFlags()
    {
        var frame = Pmv1Codec.Encode(Image("noise", 32, 16), 32, 16);

        Assert.Equal("PMV1"u8.ToArray(), frame[..4]);
        Assert.Equal(32, BinaryPrimitives.ReadUInt16LittleEndian(frame.AsSpan(4)));
        Assert.Equal(16, BinaryPrimitives.ReadUInt16LittleEndian(frame.AsSpan(6)));
        Assert.Equal((uint)(frame.Length - Pmv1Codec.HeaderSize), BinaryPrimitives.ReadUInt32LittleEndian(frame.AsSpan(8)));
        Assert.Equal(0U, BinaryPrimitives.ReadUInt32LittleEndian(frame.AsSpan(12)));
    }

    [Fact]
    public void Encode_FlatRowsOf300_EachRowIsRunsOf128128And44()
    {
        var frame = Pmv1Codec.Encode(Image("flat", 300, 2), 300, 2);

        // 3 rows (2 luma + 1 chroma), each 0x81 v, 0x81 v, 0xD5 v.
        Assert.Equal(Pmv1Codec.HeaderSize + (3 * 6), frame.Length);
        Assert.Equal(new byte[] { 0x81, 0x10, 0x81, 0x10, 257 - 44, 0x10 }, frame[16..22]);
    }

    [Fact]
    public void Encode_RowWithoutRepeats_IsLiteralRunsOfAtMost128()
    {
        var width = 256;
        var image = new byte[Pmv1Codec.Nv12Size(width, 2)];
        for (var i = 0; i < image.Length; i++)
        {
            image[i] = (byte)i;
        }

        var frame = Pmv1Codec.Encode(image, width, 2);

        Assert.Equal(Pmv1Codec.HeaderSize + (3 * 2 * 129), frame.Length);
        Assert.Equal(127, frame[16]);
        Assert.Equal(0, frame[17]);
        Assert.Equal(127, frame[16 + 129]);
        Assert.Equal(128, frame[17 + 129]);
    }

    [Fact]
    public void Encode_SinglesBetweenPairs_FourBytesPerThreeAndWithinMaxFrameSize()
    {
        var width = 300;
        var image = new byte[Pmv1Codec.Nv12Size(width, 2)];
        for (var i = 0; i < image.Length; i++)
        {
            image[i] = (byte)(i % 3 == 0 ? 0x11 * (i % 7) : 0xEE);
        }

        var frame = Pmv1Codec.Encode(image, width, 2);

        // Each row: 100 times a 1-byte literal (2 bytes) and a run of 2 (2 bytes).
        Assert.Equal(Pmv1Codec.HeaderSize + (3 * 400), frame.Length);
        Assert.True(frame.Length <= Pmv1Codec.MaxFrameSize(width, 2));
        Assert.True(Pmv1Codec.TryDecode(frame, new byte[image.Length], out _, out _));
    }

    [Fact]
    public void TryDecode_Control128_IsSkipped()
    {
        var frame = Frame(2, 2, [0x80, 0xFF, 7, 0x80, 0x01, 1, 2, 0xFF, 9]);
        var picture = new byte[Pmv1Codec.Nv12Size(2, 2)];

        Assert.True(Pmv1Codec.TryDecode(frame, picture, out _, out _));
        Assert.Equal(new byte[] { 7, 7, 1, 2, 9, 9 }, picture);
    }

    [Theory]
    [InlineData(0x00, 0, 2)]
    [InlineData(0x00, 2, 0)]
    [InlineData(0x00, 3, 2)]
    [InlineData(0x00, 2, 3)]
    [InlineData(0x00, 3842, 2)]
    [InlineData(0x00, 2, 2162)]
    [InlineData(0x01, 2, 2)]
    public void TryReadHeader_BadSizeOrFlags_False(byte flags, int width, int height)
    {
        var frame = Frame(width, height, []);
        frame[12] = flags;

        Assert.False(Pmv1Codec.TryReadHeader(frame, out _, out _, out _));
        Assert.False(Pmv1Codec.TryDecode(frame, new byte[64], out _, out _));
    }

    [Fact]
    public void TryReadHeader_BadMagicOrShort_False()
    {
        var frame = Frame(2, 2, [0xFF, 1, 0xFF, 2, 0xFF, 3]);
        frame[3] = (byte)'2';

        Assert.False(Pmv1Codec.TryReadHeader(frame, out _, out _, out _));
        Assert.False(Pmv1Codec.TryReadHeader(new byte[Pmv1Codec.HeaderSize - 1], out _, out _, out _));
    }

    [Fact]
    public void TryDecode_TruncatedPayload_FalseWithTheDecodedRowsWritten()
    {
        var frame = Frame(2, 2, [0xFF, 1, 0xFF, 2, 0xFF]);
        var picture = new byte[Pmv1Codec.Nv12Size(2, 2)];

        Assert.False(Pmv1Codec.TryDecode(frame, picture, out _, out _));
        Assert.Equal(new byte[] { 1, 1, 2, 2, 0, 0 }, picture);
    }

    [Fact]
    public void TryDecode_PayloadLongerThanTheFrame_False()
    {
        var frame = Frame(2, 2, [0xFF, 1, 0xFF, 2, 0xFF, 3]);
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(8), 7);

        Assert.False(Pmv1Codec.TryDecode(frame, new byte[6], out _, out _));
    }

    [Fact]
    public void TryDecode_BytesLeftAfterTheLastRow_False()
    {
        Assert.False(Pmv1Codec.TryDecode(Frame(2, 2, [0xFF, 1, 0xFF, 2, 0xFF, 3, 0x80]), new byte[6], out _, out _));
    }

    [Theory]
    [InlineData(new byte[] { 0x02, 1, 2, 3 })]
    [InlineData(new byte[] { 0xFE, 1 })]
    [InlineData(new byte[] { 0x81, 1 })]
    public void TryDecode_RunPastTheRowOrTheInput_False(byte[] firstRow)
    {
        Assert.False(Pmv1Codec.TryDecode(Frame(2, 2, [.. firstRow, 0xFF, 2, 0xFF, 3]), new byte[6], out _, out _));
    }

    [Fact]
    public void TryDecode_DestinationTooSmall_False()
    {
        var frame = Pmv1Codec.Encode(Image("flat", 4, 4), 4, 4);

        Assert.False(Pmv1Codec.TryDecode(frame, new byte[Pmv1Codec.Nv12Size(4, 4) - 1], out _, out _));
    }

    [Fact]
    public void Nv12Size_1080p_IsOneAndAHalfBytesAPixel()
    {
        Assert.Equal(3_110_400, Pmv1Codec.Nv12Size(1920, 1080));
        Assert.Equal(12_441_600, Pmv1Codec.Nv12Size(Pmv1Codec.MaxWidth, Pmv1Codec.MaxHeight));
    }

    [Fact]
    public void Encode_OddSizeOrWrongLength_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Pmv1Codec.Encode(new byte[Pmv1Codec.Nv12Size(3, 2)], 3, 2));
        Assert.Throws<ArgumentException>(() => Pmv1Codec.Encode(new byte[5], 2, 2));
    }

    /// <summary>A PMV1 frame of <paramref name="width"/> × <paramref name="height"/> around a hand-written payload.</summary>
    internal static byte[] Frame(int width, int height, byte[] payload)
    {
        var frame = new byte[Pmv1Codec.HeaderSize + payload.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(frame, Pmv1Codec.Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(frame.AsSpan(4), (ushort)width);
        BinaryPrimitives.WriteUInt16LittleEndian(frame.AsSpan(6), (ushort)height);
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(8), (uint)payload.Length);
        payload.CopyTo(frame, Pmv1Codec.HeaderSize);
        return frame;
    }

    /// <summary>An NV12 test image: flat (0x10), a gradient, seeded noise, or stripes of runs and literals.</summary>
    internal static byte[] Image(string pattern, int width, int height)
    {
        var image = new byte[Pmv1Codec.Nv12Size(width, height)];
        var random = new Random(7);
        for (var i = 0; i < image.Length; i++)
        {
            var x = i % width;
            var y = i / width;
            image[i] = pattern switch
            {
                "flat" => 0x10,
                "gradient" => (byte)(x + (3 * y)),
                "noise" => (byte)random.Next(256),
                _ => (byte)((x / 5) % 2 == 0 ? 0x80 : x * 7),
            };
        }

        return image;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Encode_RandomRowsWithRuns_EqualsBytewisePackBits(int seed)
    {
        var random = new Random(seed);
        const int width = 530;
        const int height = 20;
        var image = new byte[Pmv1Codec.Nv12Size(width, height)];
        for (var i = 0; i < image.Length;)
        {
            // Literals, pairs and long runs, so every packet kind and the 128-byte limits occur.
            var kind = random.Next(4);
            var length = kind switch { 0 => random.Next(1, 300), 1 => 2, 2 => random.Next(3, 200), _ => 1 };
            var value = (byte)random.Next(256);
            for (var k = 0; k < length && i < image.Length; k++, i++)
            {
                image[i] = kind == 0 ? (byte)random.Next(256) : value;
            }
        }

        var frame = Pmv1Codec.Encode(image, width, height);

        Assert.Equal(BytewisePackBits(image, width, height), frame[16..]);
        var into = new byte[Pmv1Codec.MaxFrameSize(width, height)];
        Assert.Equal(frame, into[..Pmv1Codec.Encode(image, width, height, into)]);
        Assert.Throws<ArgumentException>(() => Pmv1Codec.Encode(image, width, height, new byte[16]));
    }

    /// <summary>PackBits one byte at a time, row by row, as docs/video-codec.md defines it: a run of 2 or more is a run packet.</summary>
    private static byte[] BytewisePackBits(byte[] image, int width, int height)
    {
        var output = new List<byte>();
        for (var row = 0; row < height + (height / 2); row++)
        {
            var line = image.AsSpan(row * width, width);
            var i = 0;
            while (i < line.Length)
            {
                var run = 1;
                while (i + run < line.Length && run < 128 && line[i + run] == line[i])
                {
                    run++;
                }

                if (run >= 2)
                {
                    output.Add((byte)(257 - run));
                    output.Add(line[i]);
                    i += run;
                    continue;
                }

                var start = i;
                while (i < line.Length && i - start < 128 && (i + 1 >= line.Length || line[i + 1] != line[i]))
                {
                    i++;
                }

                output.Add((byte)(i - start - 1));
                output.AddRange(line[start..i].ToArray());
            }
        }

        return [.. output];
    }
}
