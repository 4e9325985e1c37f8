namespace Protmem.SecureWorld.Ta.TrustedUi;

/// <summary>
/// Where the PIN pad's keys are on a screen of a given size: a 3 × 4 grid of equal cells over the whole screen,
/// each key a light rectangle inset in its cell with its glyph, dark, scaled and centred. The grid is public
/// (anyone sees where keys are); which character each key carries is the secret the trusted UI shuffles per
/// session. <see cref="Read"/> does what a person does: looks at the screen and reads the keys.
/// </summary>
public sealed class PinPadGeometry
{
    public const int KeyColumns = 3;

    public const int KeyRows = 4;

    public const int KeyCount = KeyColumns * KeyRows;

    /// <summary>Luma of the background, a key, and a glyph (BT.601 limited range); chroma is neutral everywhere.</summary>
    public const byte BackgroundLuma = 16;

    public const byte KeyLuma = 200;

    public const byte GlyphLuma = 40;

    /// <summary>The smallest screen the pad draws on.</summary>
    public const int MinWidth = 96;

    public const int MinHeight = 96;

    public PinPadGeometry(int width, int height)
    {
        if (width < MinWidth || height < MinHeight || (width & 1) != 0 || (height & 1) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"a PIN pad needs an even screen of at least {MinWidth}x{MinHeight}, not {width}x{height}");
        }

        Width = width;
        Height = height;
        CellWidth = width / KeyColumns;
        CellHeight = height / KeyRows;
        Margin = Math.Max(2, Math.Min(CellWidth, CellHeight) / 10) & ~1;
        Scale = Math.Max(1, Math.Min((CellWidth - (2 * Margin)) / (PinPadFont.Columns + 2), (CellHeight - (2 * Margin)) / (PinPadFont.Rows + 2)));
    }

    public int Width { get; }

    public int Height { get; }

    public int CellWidth { get; }

    public int CellHeight { get; }

    /// <summary>The gap between a key and its cell's edge.</summary>
    public int Margin { get; }

    /// <summary>Screen pixels per glyph pixel.</summary>
    public int Scale { get; }

    /// <summary>The rectangle of key <paramref name="key"/> (0..11, row-major).</summary>
    public (int X, int Y, int Width, int Height) Key(int key)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(key);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(key, KeyCount);
        var x = ((key % KeyColumns) * CellWidth) + Margin;
        var y = ((key / KeyColumns) * CellHeight) + Margin;
        return (x, y, CellWidth - (2 * Margin), CellHeight - (2 * Margin));
    }

    /// <summary>The top-left screen pixel of key <paramref name="key"/>'s glyph.</summary>
    public (int X, int Y) GlyphOrigin(int key)
    {
        var (x, y, w, h) = Key(key);
        return (x + ((w - (PinPadFont.Columns * Scale)) / 2), y + ((h - (PinPadFont.Rows * Scale)) / 2));
    }

    /// <summary>The key under screen pixel (<paramref name="x"/>, <paramref name="y"/>), or -1 between keys.</summary>
    public int KeyAt(int x, int y)
    {
        if (x < 0 || y < 0 || x >= KeyColumns * CellWidth || y >= KeyRows * CellHeight)
        {
            return -1;
        }

        var key = ((y / CellHeight) * KeyColumns) + (x / CellWidth);
        var (kx, ky, kw, kh) = Key(key);
        return x >= kx && x < kx + kw && y >= ky && y < ky + kh ? key : -1;
    }

    /// <summary>The centre of key <paramref name="key"/>: where a finger taps it.</summary>
    public (int X, int Y) Centre(int key)
    {
        var (x, y, w, h) = Key(key);
        return (x + (w / 2), y + (h / 2));
    }

    /// <summary>
    /// Reads the characters of every key from a screen's Y plane (<paramref name="luma"/>, <see cref="Width"/>
    /// bytes a row); a key that shows no known glyph reads as '?'.
    /// </summary>
    public string Read(ReadOnlySpan<byte> luma)
    {
        if (luma.Length < Width * Height)
        {
            throw new ArgumentException($"a {Width}x{Height} Y plane is {Width * Height} bytes, not {luma.Length}", nameof(luma));
        }

        var keys = new char[KeyCount];
        for (var key = 0; key < KeyCount; key++)
        {
            keys[key] = '?';
            foreach (var candidate in PinPadFont.Characters)
            {
                if (Shows(luma, key, candidate))
                {
                    keys[key] = candidate;
                    break;
                }
            }
        }

        return new string(keys);
    }

    private bool Shows(ReadOnlySpan<byte> luma, int key, char character)
    {
        var (gx, gy) = GlyphOrigin(key);
        for (var row = 0; row < PinPadFont.Rows; row++)
        {
            for (var column = 0; column < PinPadFont.Columns; column++)
            {
                // Sample the middle of each glyph pixel.
                var pixel = luma[((gy + (row * Scale) + (Scale / 2)) * Width) + gx + (column * Scale) + (Scale / 2)];
                if ((pixel == GlyphLuma) != PinPadFont.IsLit(character, column, row))
                {
                    return false;
                }
            }
        }

        return true;
    }
}
