namespace Protmem.SecureWorld.Ta.TrustedUi;

/// <summary>
/// One shuffled PIN pad: which character each key of the <see cref="PinPadGeometry"/> carries (the ten digits
/// on keys 0–8 and 10 in a random order; erase on key 9, enter on key 11), drawn into an NV12 image.
/// </summary>
internal sealed class PinPad
{
    private const int EraseKey = 9;
    private const int EnterKey = 11;

    private PinPad(PinPadGeometry geometry, string layout)
    {
        Geometry = geometry;
        Layout = layout;
    }

    public PinPadGeometry Geometry { get; }

    /// <summary>The character of each key, row-major.</summary>
    public string Layout { get; }

    /// <summary>A pad with its digits shuffled by <paramref name="next"/> (a uniform draw in [0, bound)).</summary>
    public static PinPad Shuffled(PinPadGeometry geometry, Func<int, int> next)
    {
        var digits = "0123456789".ToCharArray();
        for (var i = digits.Length - 1; i > 0; i--)
        {
            var j = next(i + 1);
            (digits[i], digits[j]) = (digits[j], digits[i]);
        }

        var keys = new char[PinPadGeometry.KeyCount];
        var d = 0;
        for (var key = 0; key < keys.Length; key++)
        {
            keys[key] = key switch
            {
                EraseKey => '<',
                EnterKey => '>',
                _ => digits[d++],
            };
        }

        return new PinPad(geometry, new string(keys));
    }

    /// <summary>The character under a tap at (<paramref name="x"/>, <paramref name="y"/>), or null between keys.</summary>
    public char? CharacterAt(int x, int y) => Geometry.KeyAt(x, y) is var key and >= 0 ? Layout[key] : null;

    /// <summary>Draws the pad over the whole NV12 image <paramref name="nv12"/> (Y plane, then CbCr).</summary>
    public void Render(Span<byte> nv12)
    {
        var (width, height) = (Geometry.Width, Geometry.Height);
        var luma = nv12[..(width * height)];
        luma.Fill(PinPadGeometry.BackgroundLuma);
        nv12[(width * height)..((width * height) + (width * (height / 2)))].Fill(128);
        for (var key = 0; key < PinPadGeometry.KeyCount; key++)
        {
            var (x, y, w, h) = Geometry.Key(key);
            for (var row = y; row < y + h; row++)
            {
                luma.Slice((row * width) + x, w).Fill(PinPadGeometry.KeyLuma);
            }

            var (gx, gy) = Geometry.GlyphOrigin(key);
            var scale = Geometry.Scale;
            for (var row = 0; row < PinPadFont.Rows; row++)
            {
                for (var column = 0; column < PinPadFont.Columns; column++)
                {
                    if (!PinPadFont.IsLit(Layout[key], column, row))
                    {
                        continue;
                    }

                    for (var dy = 0; dy < scale; dy++)
                    {
                        luma.Slice(((gy + (row * scale) + dy) * width) + gx + (column * scale), scale).Fill(PinPadGeometry.GlyphLuma);
                    }
                }
            }
        }
    }
}
