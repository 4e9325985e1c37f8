namespace Protmem.Platform.DeviceTree;

/// <summary>
/// The flattened device tree (DTB) layout, devicetree specification chapter 5: a 40-byte
/// big-endian header, the memory reservation block (16-byte entries ending with a zero
/// entry, 8-byte aligned), the structure block (32-bit tokens, 4-byte aligned), and the
/// strings block (NUL-terminated property names).
/// </summary>
internal static class DtbFormat
{
    public const uint Magic = 0xd00dfeed;
    public const uint Version = 17;
    public const uint LastCompatibleVersion = 16;
    public const int HeaderSize = 40;
    public const int ReserveEntrySize = 16;

    public const uint BeginNode = 1;
    public const uint EndNode = 2;
    public const uint Prop = 3;
    public const uint Nop = 4;
    public const uint End = 9;

    public static int Align(int value, int alignment) => (value + alignment - 1) & ~(alignment - 1);
}
