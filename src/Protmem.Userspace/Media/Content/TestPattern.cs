namespace Protmem.Userspace.Media.Content;

/// <summary>
/// A deterministic NV12 test pattern at any even size: eight vertical luma bars that move two pixels right
/// per frame, a horizontal luma gradient band (an eighth of the height, scrolling three pixels per frame)
/// below the top quarter, and a chroma tint per bar (Cb = Cr, so chroma rows are runs) that shifts by row
/// band. Flat runs compress well under PMV1's PackBits; the gradient band exercises literals.
/// </summary>
public static class TestPattern
{
    /// <summary>The luma levels of the eight bars (BT.601 limited range, as colour bars use).</summary>
    private static readonly byte[] BarLuma = [235, 210, 170, 145, 106, 81, 41, 16];

    private static readonly byte[] BarCb = [128, 16, 166, 54, 202, 90, 240, 128];

    /// <summary>The NV12 bytes of frame <paramref name="index"/> at <paramref name="width"/> x <paramref name="height"/> (both even, positive).</summary>
    public static byte[] Frame(int width, int height, int index)
    {
        if (width <= 0 || height <= 0 || (width & 1) != 0 || (height & 1) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"{width}x{height} is not an even, positive size");
        }

        var image = new byte[Pmv1Encoder.Nv12Size(width, height)];
        var shift = (index * 2) % width;
        var barWidth = Math.Max(1, width / BarLuma.Length);
        var bandTop = height / 4;
        var bandBottom = bandTop + Math.Max(1, height / 8);
        var row = new byte[width];
        for (var x = 0; x < width; x++)
        {
            row[x] = BarLuma[Bar(x, shift, barWidth, width)];
        }

        var gradient = new byte[width];
        for (var x = 0; x < width; x++)
        {
            gradient[x] = (byte)(16 + ((((x + (index * 3)) % width) * 219) / Math.Max(1, width - 1)));
        }

        for (var y = 0; y < height; y++)
        {
            (y >= bandTop && y < bandBottom ? gradient : row).CopyTo(image.AsSpan(y * width));
        }

        // Chroma rows differ only by band (a quarter of the height each): build each band's row once.
        var chroma = image.AsSpan(width * height);
        var line = new byte[width];
        var lineBand = -1;
        for (var y = 0; y < height / 2; y++)
        {
            var band = y * 2 * 4 / height;
            if (band != lineBand)
            {
                for (var x = 0; x < width; x += 2)
                {
                    var tint = (byte)(BarCb[Bar(x, shift, barWidth, width)] ^ (band * 8));
                    line[x] = tint;
                    line[x + 1] = tint;
                }

                lineBand = band;
            }

            line.CopyTo(chroma.Slice(y * width, width));
        }

        return image;
    }

    private static int Bar(int x, int shift, int barWidth, int width) => Math.Min(BarLuma.Length - 1, ((x - shift + width) % width) / barWidth);
}
