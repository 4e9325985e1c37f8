namespace Protmem.SecureWorld.Ta.TrustedUi;

/// <summary>
/// The PIN pad's glyphs: 5 × 7 bitmaps of the digits, '&lt;' (erase the last digit) and '&gt;' (enter), one
/// byte per row with bit 4 the leftmost column. Public so that a test, like a person looking at the screen,
/// can read what the pad shows (<see cref="PinPadGeometry.Read"/>).
/// </summary>
public static class PinPadFont
{
    public const int Columns = 5;

    public const int Rows = 7;

    /// <summary>The characters the pad draws, in key order before shuffling: the ten digits, then erase and enter.</summary>
    public const string Characters = "0123456789<>";

    private static readonly byte[][] Glyphs =
    [
        [0x0E, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0E], // 0
        [0x04, 0x0C, 0x04, 0x04, 0x04, 0x04, 0x0E], // 1
        [0x0E, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1F], // 2
        [0x1F, 0x02, 0x04, 0x02, 0x01, 0x11, 0x0E], // 3
        [0x02, 0x06, 0x0A, 0x12, 0x1F, 0x02, 0x02], // 4
        [0x1F, 0x10, 0x1E, 0x01, 0x01, 0x11, 0x0E], // 5
        [0x06, 0x08, 0x10, 0x1E, 0x11, 0x11, 0x0E], // 6
        [0x1F, 0x01, 0x02, 0x04, 0x08, 0x08, 0x08], // 7
        [0x0E, 0x11, 0x11, 0x0E, 0x11, 0x11, 0x0E], // 8
        [0x0E, 0x11, 0x11, 0x0F, 0x01, 0x02, 0x0C], // 9
        [0x02, 0x04, 0x08, 0x10, 0x08, 0x04, 0x02], // <
        [0x08, 0x04, 0x02, 0x01, 0x02, 0x04, 0x08], // >
    ];

    /// <summary>True when pixel (<paramref name="column"/>, <paramref name="row"/>) of <paramref name="character"/>'s glyph is lit.</summary>
    public static bool IsLit(char character, int column, int row)
    {
        var index = Characters.IndexOf(character, StringComparison.Ordinal);
        if (index < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(character), $"'{character}' is not a PIN pad character ({Characters})");
        }

        return (uint)column < Columns && (uint)row < Rows && (Glyphs[index][row] & (0x10 >> column)) != 0;
    }
}
