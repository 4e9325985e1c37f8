namespace Protmem.Platform.DeviceTree;

/// <summary>
/// dtc's escapes in strings and character literals: <c>\a \b \t \n \v \f \r</c>, up to three
/// octal digits, <c>\x</c> with one or two hex digits, and any other character standing for itself.
/// </summary>
internal static class DtsEscapes
{
    /// <summary>Decodes <paramref name="raw"/> (the text between the quotes).</summary>
    public static List<byte> Decode(ReadOnlySpan<byte> raw, DtsLocation location)
    {
        var result = new List<byte>(raw.Length);
        var i = 0;
        while (i < raw.Length)
        {
            var b = raw[i++];
            if (b != (byte)'\\' || i >= raw.Length)
            {
                result.Add(b);
                continue;
            }

            result.Add(DecodeOne(raw, ref i, location));
        }

        return result;
    }

    /// <summary>Decodes the escape whose character after the backslash is at <paramref name="i"/>; advances past it.</summary>
    public static byte DecodeOne(ReadOnlySpan<byte> raw, ref int i, DtsLocation location)
    {
        var c = raw[i++];
        switch (c)
        {
            case (byte)'a': return 0x07;
            case (byte)'b': return 0x08;
            case (byte)'t': return 0x09;
            case (byte)'n': return 0x0a;
            case (byte)'v': return 0x0b;
            case (byte)'f': return 0x0c;
            case (byte)'r': return 0x0d;
            case >= (byte)'0' and <= (byte)'7':
                {
                    var value = c - '0';
                    for (var n = 1; n < 3 && i < raw.Length && raw[i] is >= (byte)'0' and <= (byte)'7'; n++)
                    {
                        value = (value * 8) + (raw[i++] - '0');
                    }

                    return unchecked((byte)value);
                }

            case (byte)'x':
                {
                    var value = 0;
                    var digits = 0;
                    while (digits < 2 && i < raw.Length && HexValue(raw[i]) is var h && h >= 0)
                    {
                        value = (value * 16) + h;
                        i++;
                        digits++;
                    }

                    if (digits == 0)
                    {
                        throw location.Error("\\x used with no following hex digits");
                    }

                    return (byte)value;
                }

            default:
                return c;
        }
    }

    public static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };
}
