namespace Protmem.Hardware.Media;

/// <summary>
/// The deterministic scene the camera's sensor sees: a diagonal luma gradient that drifts by one step a frame,
/// a bright box that moves across it, and chroma that depends on position and frame, so every frame differs.
/// Tests compare captured buffers with <see cref="Frame"/>.
/// </summary>
public static class CameraScene
{
    /// <summary>The luma of the moving box.</summary>
    public const byte BoxLuma = 235;

    /// <summary>
    /// The NV12 frame number <paramref name="sequence"/> at <paramref name="width"/> × <paramref name="height"/>
    /// (both even and positive): the Y plane then the interleaved CbCr plane at half resolution.
    /// </summary>
    public static byte[] Frame(int width, int height, uint sequence)
    {
        if (width <= 0 || height <= 0 || (width % 2) != 0 || (height % 2) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"an NV12 frame needs an even, positive size (got {width}x{height})");
        }

        var frame = new byte[Pmv1Codec.Nv12Size(width, height)];
        var box = Math.Max(2, Math.Min(width, height) / 4);
        var boxX = (int)((sequence * 8) % (uint)Math.Max(1, width - box));
        var boxY = (int)((sequence * 4) % (uint)Math.Max(1, height - box));
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var inBox = x >= boxX && x < boxX + box && y >= boxY && y < boxY + box;
                frame[(y * width) + x] = inBox ? BoxLuma : (byte)(16 + ((x + y + (int)sequence) % 200));
            }
        }

        var chroma = width * height;
        for (var y = 0; y < height / 2; y++)
        {
            for (var x = 0; x < width / 2; x++)
            {
                frame[chroma + (y * width) + (2 * x)] = (byte)(64 + (((2 * x) + (int)sequence) % 128));
                frame[chroma + (y * width) + (2 * x) + 1] = (byte)(64 + (((2 * y) + (3 * (int)sequence)) % 128));
            }
        }

        return frame;
    }
}
