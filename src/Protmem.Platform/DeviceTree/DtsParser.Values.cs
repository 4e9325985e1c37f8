using System.Text;

namespace Protmem.Platform.DeviceTree;

/// <summary>Property values: strings, cells with expressions and references, byte strings, /incbin/.</summary>
internal sealed partial class DtsParser
{
    public const int MaxExpressionDepth = 200;

    /// <summary>After a property name: <c>;</c> (empty) or <c>= value, value, … ;</c>.</summary>
    private LiveValue ParsePropertyValue()
    {
        var value = new LiveValue();
        if (_token.IsChar(';'))
        {
            Advance();
            return value;
        }

        Advance();
        while (true)
        {
            ValueLabels(value);
            switch (_token.Kind)
            {
                case DtsTokenKind.String:
                    value.AddMarker(LiveMarkerKind.TypeString, null, _token.Location);
                    value.Append(_token.Bytes);
                    value.AppendByte(0);
                    Advance();
                    break;
                case DtsTokenKind.Bits:
                case DtsTokenKind.Char when _token.Char == '<':
                    ParseCells(value);
                    break;
                case DtsTokenKind.Char when _token.Char == '[':
                    ParseByteString(value);
                    break;
                case DtsTokenKind.Reference:
                    value.AddMarker(LiveMarkerKind.TypeString, _token.Text, _token.Location);
                    value.AddMarker(LiveMarkerKind.ReferencePath, _token.Text, _token.Location);
                    Advance();
                    break;
                case DtsTokenKind.Incbin:
                    ParseIncbin(value);
                    break;
                default:
                    throw Expected("a value: \"string\", <cells>, [bytes], &label, &{/path} or /incbin/(...)");
            }

            ValueLabels(value);
            if (!_token.IsChar(','))
            {
                break;
            }

            Advance();
        }

        Expect(';', "or ',' after a property value");
        return value;
    }

    private void ValueLabels(LiveValue value)
    {
        while (_token.Kind == DtsTokenKind.Label)
        {
            value.AddMarker(LiveMarkerKind.Label, _token.Text, _token.Location);
            Advance();
        }
    }

    /// <summary><c>[/bits/ n] &lt; item … &gt;</c>: integers, (expressions), 'c', &amp;references, labels.</summary>
    private void ParseCells(LiveValue value)
    {
        var bits = 32;
        if (_token.Kind == DtsTokenKind.Bits)
        {
            Advance();
            if (_token.Kind != DtsTokenKind.Literal)
            {
                throw Expected("the element size (8, 16, 32 or 64) after /bits/");
            }

            if (_token.Value is not (8 or 16 or 32 or 64))
            {
                throw _token.Location.Error($"array elements must be 8, 16, 32 or 64 bits, not {_token.Text}");
            }

            bits = (int)_token.Value;
            Advance();
        }

        Expect('<', bits == 32 ? "to open cells" : $"after /bits/ {bits}");
        var type = bits switch
        {
            8 => LiveMarkerKind.TypeUInt8,
            16 => LiveMarkerKind.TypeUInt16,
            64 => LiveMarkerKind.TypeUInt64,
            _ => LiveMarkerKind.TypeUInt32,
        };
        value.AddMarker(type, null, _token.Location);
        while (!_token.IsChar('>'))
        {
            switch (_token.Kind)
            {
                case DtsTokenKind.Literal or DtsTokenKind.CharLiteral:
                case DtsTokenKind.Char when _token.Char == '(':
                    {
                        var at = _token.Location;
                        var number = ParsePrimary(0);
                        CheckRange(number, bits, at);
                        value.AppendInteger(number, bits);
                        break;
                    }

                case DtsTokenKind.Reference:
                    if (bits != 32)
                    {
                        throw _token.Location.Error("references are only allowed in arrays with 32-bit elements");
                    }

                    value.AddMarker(LiveMarkerKind.ReferencePhandle, _token.Text, _token.Location);
                    value.AppendInteger(uint.MaxValue, 32);
                    Advance();
                    break;
                case DtsTokenKind.Label:
                    value.AddMarker(LiveMarkerKind.Label, _token.Text, _token.Location);
                    Advance();
                    break;
                default:
                    throw Expected("a number, '(expression)', 'c', &reference, label or '>' in cells");
            }
        }

        Advance();
    }

    /// <summary>dtc accepts a value whose bits above the element are all zero, or all one (a negative number).</summary>
    private static void CheckRange(ulong number, int bits, DtsLocation at)
    {
        if (bits == 64)
        {
            return;
        }

        var mask = (1UL << bits) - 1;
        if (number > mask && (number | mask) != ulong.MaxValue)
        {
            throw at.Error($"value 0x{number:x} out of range for a {bits}-bit array element");
        }
    }

    /// <summary><c>[ 00 11 2233 ]</c>: pairs of hex digits, labels allowed between them.</summary>
    private void ParseByteString(LiveValue value)
    {
        Advance();
        value.AddMarker(LiveMarkerKind.TypeUInt8, null, _token.Location);
        while (!_token.IsChar(']'))
        {
            switch (_token.Kind)
            {
                case DtsTokenKind.Byte:
                    value.AppendByte((byte)_token.Value);
                    Advance();
                    break;
                case DtsTokenKind.Label:
                    value.AddMarker(LiveMarkerKind.Label, _token.Text, _token.Location);
                    Advance();
                    break;
                default:
                    throw Expected("two hex digits or ']' in a byte string");
            }
        }

        Advance();
    }

    /// <summary><c>/incbin/("file")</c> or <c>/incbin/("file", offset, length)</c>: bytes of a file.</summary>
    private void ParseIncbin(LiveValue value)
    {
        var at = _token.Location;
        Advance();
        Expect('(', "after /incbin/");
        if (_token.Kind != DtsTokenKind.String)
        {
            throw Expected("a quoted file name in /incbin/(...)");
        }

        var name = Encoding.UTF8.GetString(_token.Bytes);
        Advance();
        ulong offset = 0;
        ulong? length = null;
        if (_token.IsChar(','))
        {
            Advance();
            offset = ParsePrimary(0);
            Expect(',', "between the offset and the length in /incbin/(...)");
            length = ParsePrimary(0);
        }

        Expect(')', "to close /incbin/(...)");
        var (_, bytes) = _resolver.Read(name, at.File, at);
        var available = (ulong)bytes.Length;
        var take = length ?? (offset <= available ? available - offset : 0);
        if (offset > available || take > available - offset)
        {
            throw at.Error($"/incbin/ asks for {take} bytes at offset {offset} of \"{name}\", which has {available}");
        }

        value.AddMarker(LiveMarkerKind.TypeUInt8, null, at);
        value.Append(bytes.AsSpan((int)offset, (int)take));
    }
}
