namespace Protmem.Hardware.Media;

/// <summary>
/// The deterministic scene the camera's sensor sees: a diagonal luma gradient that drifts by one step a frame,
/// a bright box that moves across it, and chroma that depends on position and frame, so every frame differs.
/// Tests compare captured buffers with <see cref="Frame(int, int, uint)"/>.
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
        CheckSize(width, height);
        var frame = new byte[Pmv1Codec.Nv12Size(width, height)];
        Frame(width, height, sequence, frame);
        return frame;
    }

    /// <summary>
    /// Writes frame <paramref name="sequence"/> into <paramref name="destination"/> (at least
    /// <see cref="Pmv1Codec.Nv12Size"/> bytes), as <see cref="Frame(int, int, uint)"/> makes it: row by row from
    /// one luma ramp and one chroma row, so a camera writes a 1080p frame in a fraction of a millisecond.
    /// </summary>
    public static void Frame(int width, int height, uint sequence, Span<byte> destination)
    {
        CheckSize(width, height);
        var size = Pmv1Codec.Nv12Size(width, height);
        if (destination.Length < size)
        {
            throw new ArgumentException($"an NV12 {width}x{height} frame is {size} bytes, more than the {destination.Length} given", nameof(destination));
        }

        // Luma: 16 + ((x + y + sequence) % 200), so row y is the ramp from (y + sequence) % 200 on.
        Span<byte> ramp = width + 200 <= 4096 ? stackalloc byte[width + 200] : new byte[width + 200];
        for (var k = 0; k < ramp.Length; k++)
        {
            ramp[k] = (byte)(16 + (k % 200));
        }

        var box = Math.Max(2, Math.Min(width, height) / 4);
        var boxX = (int)((sequence * 8) % (uint)Math.Max(1, width - box));
        var boxY = (int)((sequence * 4) % (uint)Math.Max(1, height - box));
        var boxWidth = Math.Min(box, width - boxX);
        var phase = (int)(sequence % 200);
        for (var y = 0; y < height; y++)
        {
            var row = destination.Slice(y * width, width);
            ramp.Slice((y + phase) % 200, width).CopyTo(row);
            if (y >= boxY && y < boxY + box)
            {
                row.Slice(boxX, boxWidth).Fill(BoxLuma);
            }
        }

        // Chroma: Cb = 64 + ((2x + sequence) % 128) is the same on every row; Cr = 64 + ((2y + 3 sequence) % 128) on the whole row.
        var chroma = destination.Slice(width * height, width * (height / 2));
        var template = chroma[..width];
        for (var x = 0; x < width / 2; x++)
        {
            template[2 * x] = (byte)(64 + (((2 * x) + (int)sequence) % 128));
        }

        for (var y = 0; y < height / 2; y++)
        {
            var row = chroma.Slice(y * width, width);
            if (y > 0)
            {
                template.CopyTo(row);
            }

            var cr = (byte)(64 + (((2 * y) + (3 * (int)sequence)) % 128));
            for (var x = 1; x < width; x += 2)
            {
                row[x] = cr;
            }
        }
    }

    private static void CheckSize(int width, int height)
    {
        if (width <= 0 || height <= 0 || (width % 2) != 0 || (height % 2) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"an NV12 frame needs an even, positive size (got {width}x{height})");
        }
    }
}
