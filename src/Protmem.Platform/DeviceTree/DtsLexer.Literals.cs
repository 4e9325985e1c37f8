using System.Text;

namespace Protmem.Platform.DeviceTree;

/// <summary>Tokens with a value: strings, character literals, path references, integer literals.</summary>
internal sealed partial class DtsLexer
{
    private DtsToken LexString(DtsLocation start)
    {
        if (!TryScanString(_pos, out var end))
        {
            throw start.Error("unterminated string: '\"' without a closing '\"' on the same logical line");
        }

        var raw = _file.Bytes.AsSpan(_pos + 1, end - _pos - 1);
        var decoded = DtsEscapes.Decode(raw, start);
        var length = end + 1 - _pos;
        _pos = end + 1;
        return new DtsToken(DtsTokenKind.String, start, length) { Bytes = [.. decoded] };
    }

    /// <summary>dtc's <c>'([^']|\\')*'</c>, longest match: a quote ends it unless a backslash precedes it.</summary>
    private DtsToken LexCharLiteral(DtsLocation start)
    {
        var bytes = _file.Bytes;
        var end = -1;
        for (var i = _pos + 1; i < bytes.Length; i++)
        {
            if (bytes[i] != (byte)'\'')
            {
                continue;
            }

            end = i;
            if (bytes[i - 1] != (byte)'\\' || i - 1 == _pos)
            {
                break;
            }
        }

        if (end < 0)
        {
            throw start.Error("unterminated character literal: ''' without a closing '''");
        }

        var inner = bytes.AsSpan(_pos + 1, end - _pos - 1);
        if (inner.IsEmpty)
        {
            throw start.Error("empty character literal");
        }

        var at = 1;
        var c = inner[0];
        if (c == (byte)'\\' && inner.Length > 1)
        {
            c = DtsEscapes.DecodeOne(inner, ref at, start);
        }

        if (at != inner.Length)
        {
            throw start.Error("character literal holds more than one character");
        }

        var length = end + 1 - _pos;
        _pos = end + 1;

        // dtc keeps the character in a C char (signed on the hosts it runs on) and widens it.
        var value = unchecked((ulong)(long)(sbyte)c);
        return new DtsToken(DtsTokenKind.CharLiteral, start, length) { Value = value };
    }

    private DtsToken LexPathReference(DtsLocation start)
    {
        var end = _pos + 2;
        while (IsPathChar(At(end)))
        {
            end++;
        }

        if (At(end) != (byte)'}')
        {
            throw new DtsLocation(_file, end).Error("expected '}' to end the path reference '&{...}'");
        }

        var path = Encoding.ASCII.GetString(_file.Bytes, _pos + 2, end - _pos - 2);
        var length = end + 1 - _pos;
        _pos = end + 1;
        return new DtsToken(DtsTokenKind.Reference, start, length) { Text = path };
    }

    private DtsToken LexLiteral(DtsLocation start)
    {
        var bytes = _file.Bytes;
        var p = _pos;
        var hex = bytes[p] == (byte)'0' && At(p + 1) is (byte)'x' or (byte)'X' && DtsEscapes.HexValue(At(p + 2)) >= 0;
        if (hex)
        {
            p += 2;
            while (DtsEscapes.HexValue(At(p)) >= 0)
            {
                p++;
            }
        }
        else
        {
            while (At(p) is >= (byte)'0' and <= (byte)'9')
            {
                p++;
            }
        }

        var digitsEnd = p;
        foreach (var suffix in (string[])["ULL", "UL", "LL", "U", "L"])
        {
            if (Matches(p, suffix))
            {
                p += suffix.Length;
                break;
            }
        }

        var text = Encoding.ASCII.GetString(bytes, _pos, p - _pos);
        var digits = Encoding.ASCII.GetString(bytes, _pos, digitsEnd - _pos);
        _pos = p;
        var value = ParseInteger(digits, hex, text, start);
        return new DtsToken(DtsTokenKind.Literal, start, text.Length) { Value = value, Text = text };
    }

    /// <summary>C's strtoull with base 0: 0x… hex, 0… octal, else decimal.</summary>
    private static ulong ParseInteger(string digits, bool hex, string text, DtsLocation at)
    {
        int radix;
        string body;
        if (hex)
        {
            (radix, body) = (16, digits[2..]);
        }
        else if (digits.Length > 1 && digits[0] == '0')
        {
            (radix, body) = (8, digits[1..]);
        }
        else
        {
            (radix, body) = (10, digits);
        }

        ulong value = 0;
        foreach (var ch in body)
        {
            var digit = (ulong)DtsEscapes.HexValue((byte)ch);
            if (digit >= (ulong)radix)
            {
                throw at.Error($"bad integer literal '{text}'");
            }

            if (value > (ulong.MaxValue - digit) / (ulong)radix)
            {
                throw at.Error($"integer literal '{text}' out of range");
            }

            value = (value * (ulong)radix) + digit;
        }

        return value;
    }
}
