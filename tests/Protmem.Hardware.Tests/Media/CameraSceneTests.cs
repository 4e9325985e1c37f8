using Protmem.Hardware.Media;

namespace Protmem.Hardware.Tests.Media;

/// <summary>The camera's scene, written row by row, is exactly the per-pixel definition in its documentation.</summary>
public sealed class CameraSceneTests
{
    [Theory]
    [InlineData(64, 32, 0u)]
    [InlineData(64, 32, 7u)]
    [InlineData(320, 240, 199u)]
    [InlineData(1920, 1080, 29u)]
    [InlineData(2, 2, 5u)]
    [InlineData(642, 18, 12345u)]
    public void Frame_AnySizeAndSequence_EqualsThePerPixelDefinition(int width, int height, uint sequence)
    {
        Assert.Equal(Reference(width, height, sequence), CameraScene.Frame(width, height, sequence));
    }

    [Fact]
    public void Frame_IntoALargerBuffer_WritesOnlyTheFrameAndAShortBufferThrows()
    {
        var buffer = new byte[Pmv1Codec.Nv12Size(64, 32) + 16];
        buffer.AsSpan().Fill(0xEE);

        CameraScene.Frame(64, 32, 3, buffer);

        Assert.Equal(Reference(64, 32, 3), buffer[..^16]);
        Assert.All(buffer[^16..], b => Assert.Equal(0xEE, b));
        Assert.Throws<ArgumentException>(() => CameraScene.Frame(64, 32, 3, new byte[100]));
    }

    /// <summary>The scene pixel by pixel: luma 16 + ((x + y + n) % 200) with a 235 box, Cb 64 + ((2x + n) % 128), Cr 64 + ((2y + 3n) % 128).</summary>
    private static byte[] Reference(int width, int height, uint sequence)
    {
        var frame = new byte[Pmv1Codec.Nv12Size(width, height)];
        var box = Math.Max(2, Math.Min(width, height) / 4);
        var boxX = (int)((sequence * 8) % (uint)Math.Max(1, width - box));
        var boxY = (int)((sequence * 4) % (uint)Math.Max(1, height - box));
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var inBox = x >= boxX && x < boxX + box && y >= boxY && y < boxY + box;
                frame[(y * width) + x] = inBox ? CameraScene.BoxLuma : (byte)(16 + ((x + y + (int)sequence) % 200));
            }
        }

        for (var y = 0; y < height / 2; y++)
        {
            for (var x = 0; x < width / 2; x++)
            {
                frame[(width * height) + (y * width) + (2 * x)] = (byte)(64 + (((2 * x) + (int)sequence) % 128));
                frame[(width * height) + (y * width) + (2 * x) + 1] = (byte)(64 + (((2 * y) + (3 * (int)sequence)) % 128));
            }
        }

        return frame;
    }
}
