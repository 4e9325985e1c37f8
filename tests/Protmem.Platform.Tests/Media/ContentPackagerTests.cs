using Protmem.Hardware.Crypto;
using Protmem.Hardware.Media;
using Protmem.SecureWorld.Ta;
using Protmem.Userspace.Media.Content;

namespace Protmem.Platform.Tests.Media;

/// <summary>The packager against the decoder's codec and the secure world's IV and cipher: what it makes, the pipeline can undo.</summary>
public sealed class ContentPackagerTests
{
    private static readonly byte[] Key = [.. Enumerable.Range(0, 16).Select(i => (byte)(3 * i))];

    [Theory]
    [InlineData(1920, 1080, 0)]
    [InlineData(1920, 1080, 37)]
    [InlineData(64, 2, 5)]
    [InlineData(2, 2, 1)]
    public void Encode_TestPattern_DecodesWithTheDecodersCodecToTheSameImageAndBytes(int width, int height, int index)
    {
        var image = TestPattern.Frame(width, height, index);

        var frame = Pmv1Encoder.Encode(image, width, height);

        Assert.Equal(Pmv1Codec.Encode(image, width, height), frame);
        var decoded = new byte[Pmv1Codec.Nv12Size(width, height)];
        Assert.True(Pmv1Codec.TryDecode(frame, decoded, out var w, out var h));
        Assert.Equal((width, height), (w, h));
        Assert.Equal(image, decoded);
    }

    [Fact]
    public void Encode_WorstCaseRows_DecodesToTheSameImage()
    {
        var image = new byte[Pmv1Encoder.Nv12Size(96, 4)];
        for (var i = 0; i < image.Length; i++)
        {
            image[i] = (byte)(i % 3 == 0 ? i : i - (i % 3));
        }

        var decoded = new byte[image.Length];
        Assert.True(Pmv1Codec.TryDecode(Pmv1Encoder.Encode(image, 96, 4), decoded, out _, out _));
        Assert.Equal(image, decoded);
    }

    [Fact]
    public void Frame_SuccessiveIndices_DifferAndRepeatExactly()
    {
        Assert.NotEqual(TestPattern.Frame(320, 240, 0), TestPattern.Frame(320, 240, 1));
        Assert.Equal(TestPattern.Frame(320, 240, 9), TestPattern.Frame(320, 240, 9));
        Assert.Throws<ArgumentOutOfRangeException>(() => TestPattern.Frame(321, 240, 0));
    }

    [Fact]
    public void Package_Frame_IsCtrUnderTheIndexIvTheSecureWorldUses()
    {
        var frame = new ContentPackager(Key).Package(640, 360, 12);

        Assert.Equal(SecureVideoTaAbi.FrameIv(12), ContentPackager.FrameIv(12));
        var clear = new byte[frame.Encrypted.Length];
        using (var ctr = new AesCtr(Key, SecureVideoTaAbi.FrameIv(12)))
        {
            ctr.Transform(frame.Encrypted, clear);
        }

        Assert.Equal(frame.Clear, clear);
        Assert.NotEqual(frame.Clear.AsSpan(0, 64).ToArray(), frame.Encrypted.AsSpan(0, 64).ToArray());
    }

    [Fact]
    public void Package_1080pFrame_FitsOneProtectedRegionOfTheDefaultSize()
    {
        var frame = new ContentPackager(Key).Package(1920, 1080, 0);
        Assert.True(frame.Clear.Length < 1024 * 1024, $"{frame.Clear.Length} bytes");
    }
}
