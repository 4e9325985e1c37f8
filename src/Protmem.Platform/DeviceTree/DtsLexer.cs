using System.Text;

namespace Protmem.Platform.DeviceTree;

/// <summary>
/// dtc's lexer: the same tokens from the same bytes. Like dtc's it has states, moved by the
/// tokens it produces: after <c>{</c>, <c>;</c> and <c>/delete-…/</c> a word is a property or node
/// name; after a name (or <c>/dts-v1/</c>) numbers are literals; after <c>[</c> pairs of hex
/// digits are bytes. <c>/include/ "file"</c> is handled here, so the parser sees one token stream.
/// </summary>
internal sealed class DtsLexer
{
    public const int MaxIncludeDepth = 100;

    private const string PropNodeChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789,._+*#?@-";

    private static readonly (string Text, DtsTokenKind Kind)[] Keywords =
    [
        ("/dts-v1/", DtsTokenKind.DtsV1),
        ("/plugin/", DtsTokenKind.Plugin),
        ("/memreserve/", DtsTokenKind.MemReserve),
        ("/bits/", DtsTokenKind.Bits),
        ("/delete-property/", DtsTokenKind.DeleteProperty),
        ("/delete-node/", DtsTokenKind.DeleteNode),
        ("/omit-if-no-ref/", DtsTokenKind.OmitIfNoRef),
        ("/incbin/", DtsTokenKind.Incbin),
    ];

    private readonly DtsFileResolver _resolver;
    private readonly Stack<(DtsSourceFile File, int Position)> _suspended = new();
    private DtsSourceFile _file;
    private int _pos;
    private LexState _state = LexState.Initial;

    public DtsLexer(DtsSourceFile file, DtsFileResolver resolver)
    {
        _file = file;
        _resolver = resolver;
    }

    private enum LexState
    {
        Initial,
        V1,
        PropNodeName,
        ByteString,
    }

    /// <summary>The next token; <see cref="DtsTokenKind.EndOfInput"/> at the end of the top file, forever.</summary>
    public DtsToken Next()
    {
        while (true)
        {
            SkipBlanks();
            if (_pos >= _file.Bytes.Length)
            {
                if (_suspended.Count == 0)
                {
                    return new DtsToken(DtsTokenKind.EndOfInput, Here(), 0);
                }

                (_file, _pos) = _suspended.Pop();
                continue;
            }

            if (TryInclude())
            {
                continue;
            }

            var token = LexOne();
            Transition(token);
            return token;
        }
    }

    private DtsLocation Here() => new(_file, _pos);

    private byte At(int i) => i < _file.Bytes.Length ? _file.Bytes[i] : (byte)0;

    private bool Matches(int at, string text)
    {
        var bytes = _file.Bytes;
        if (at + text.Length > bytes.Length)
        {
            return false;
        }

        for (var i = 0; i < text.Length; i++)
        {
            if (bytes[at + i] != text[i])
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or 0x0b or 0x0c;

    private static bool IsLabelStart(byte b) => b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (byte)'_';

    private static bool IsLabelChar(byte b) => IsLabelStart(b) || b is >= (byte)'0' and <= (byte)'9';

    private static bool IsPropNodeChar(byte b) => b < 128 && PropNodeChars.Contains((char)b, StringComparison.Ordinal);

    private static bool IsPathChar(byte b) => IsPropNodeChar(b) || b == (byte)'/';

    private void SkipBlanks()
    {
        var bytes = _file.Bytes;
        while (_pos < bytes.Length)
        {
            var b = bytes[_pos];
            if (IsSpace(b))
            {
                _pos++;
            }
            else if (b == (byte)'/' && At(_pos + 1) == (byte)'*')
            {
                var end = bytes.AsSpan(_pos + 2).IndexOf("*/"u8);
                if (end < 0)
                {
                    throw Here().Error("unterminated comment: '/*' without '*/'");
                }

                _pos += end + 4;
            }
            else if (b == (byte)'/' && At(_pos + 1) == (byte)'/')
            {
                var end = bytes.AsSpan(_pos).IndexOf((byte)'\n');
                _pos = end < 0 ? bytes.Length : _pos + end + 1;
            }
            else if (b == (byte)'#' && (_pos == 0 || bytes[_pos - 1] == (byte)'\n') && TryLineMarker())
            {
                continue;
            }
            else
            {
                return;
            }
        }
    }

    /// <summary>A C preprocessor line marker: <c># 12 "file.dtsi" 1</c> or <c>#line 12 "file.dtsi"</c>.</summary>
    private bool TryLineMarker()
    {
        var p = _pos + 1;
        if (Matches(p, "line"))
        {
            p += 4;
        }

        var blanks = p;
        while (At(p) is (byte)' ' or (byte)'\t')
        {
            p++;
        }

        var digitsStart = p;
        while (At(p) is >= (byte)'0' and <= (byte)'9')
        {
            p++;
        }

        if (p == blanks || digitsStart == blanks || p == digitsStart || p - digitsStart > 9)
        {
            return false;
        }

        var line = int.Parse(Encoding.ASCII.GetString(_file.Bytes, digitsStart, p - digitsStart), System.Globalization.CultureInfo.InvariantCulture);
        var beforeName = p;
        while (At(p) is (byte)' ' or (byte)'\t')
        {
            p++;
        }

        if (p == beforeName || At(p) != (byte)'"' || !TryScanString(p, out var nameEnd))
        {
            return false;
        }

        var name = Encoding.UTF8.GetString(_file.Bytes, p + 1, nameEnd - p - 1);
        p = nameEnd + 1;
        while (true)
        {
            var q = p;
            while (At(q) is (byte)' ' or (byte)'\t')
            {
                q++;
            }

            var flagStart = q;
            while (At(q) is >= (byte)'0' and <= (byte)'9')
            {
                q++;
            }

            if (q == p || q == flagStart)
            {
                break;
            }

            p = q;
        }

        _file.AddLineMarker(_pos, name, line);
        _pos = p;
        return true;
    }

    /// <summary>Scans a string starting at the quote at <paramref name="start"/>; gives the offset of the closing quote.</summary>
    private bool TryScanString(int start, out int closingQuote)
    {
        var bytes = _file.Bytes;
        var i = start + 1;
        while (i < bytes.Length)
        {
            var b = bytes[i];
            if (b == (byte)'"')
            {
                closingQuote = i;
                return true;
            }

            if (b == (byte)'\\')
            {
                if (i + 1 >= bytes.Length || bytes[i + 1] == (byte)'\n')
                {
                    break;
                }

                i += 2;
            }
            else
            {
                i++;
            }
        }

        closingQuote = -1;
        return false;
    }

    private bool TryInclude()
    {
        if (_state == LexState.ByteString && !Matches(_pos, "/include/"))
        {
            return false;
        }

        if (!Matches(_pos, "/include/"))
        {
            return false;
        }

        var start = Here();
        var p = _pos + "/include/".Length;
        while (p < _file.Bytes.Length && IsSpace(_file.Bytes[p]))
        {
            p++;
        }

        if (At(p) != (byte)'"' || !TryScanString(p, out var end))
        {
            throw start.Error("expected a quoted file name after /include/");
        }

        var name = Encoding.UTF8.GetString(_file.Bytes, p + 1, end - p - 1);
        if (_suspended.Count + 1 >= MaxIncludeDepth)
        {
            throw start.Error($"includes nested more than {MaxIncludeDepth} deep (does \"{name}\" include itself?)");
        }

        var included = _resolver.Open(name, _file, start);
        _suspended.Push((_file, end + 1));
        _file = included;
        _pos = 0;
        return true;
    }

    private DtsToken LexOne()
    {
        var start = Here();
        var b = _file.Bytes[_pos];
        switch (b)
        {
            case (byte)'"':
                return LexString(start);
            case (byte)'/':
                foreach (var (text, kind) in Keywords)
                {
                    if (Matches(_pos, text) && !(kind == DtsTokenKind.Incbin && _state == LexState.ByteString))
                    {
                        _pos += text.Length;
                        return new DtsToken(kind, start, text.Length);
                    }
                }

                break;
            case (byte)'\'':
                return LexCharLiteral(start);
            case (byte)'&':
                if (At(_pos + 1) == (byte)'&')
                {
                    _pos += 2;
                    return new DtsToken(DtsTokenKind.LogicalAnd, start, 2);
                }

                if (At(_pos + 1) == (byte)'{')
                {
                    return LexPathReference(start);
                }

                if (IsLabelStart(At(_pos + 1)))
                {
                    var end = _pos + 1;
                    while (IsLabelChar(At(end)))
                    {
                        end++;
                    }

                    var label = Encoding.ASCII.GetString(_file.Bytes, _pos + 1, end - _pos - 1);
                    var length = end - _pos;
                    _pos = end;
                    return new DtsToken(DtsTokenKind.Reference, start, length) { Text = label };
                }

                break;
            default:
                break;
        }

        if (IsLabelStart(b))
        {
            var end = _pos;
            while (IsLabelChar(At(end)))
            {
                end++;
            }

            if (At(end) == (byte)':')
            {
                var label = Encoding.ASCII.GetString(_file.Bytes, _pos, end - _pos);
                var length = end + 1 - _pos;
                _pos = end + 1;
                return new DtsToken(DtsTokenKind.Label, start, length) { Text = label };
            }
        }

        if (_state == LexState.V1 && b is >= (byte)'0' and <= (byte)'9')
        {
            return LexLiteral(start);
        }

        if (_state == LexState.ByteString && DtsEscapes.HexValue(b) >= 0 && DtsEscapes.HexValue(At(_pos + 1)) >= 0)
        {
            _pos += 2;
            var value = (ulong)((DtsEscapes.HexValue(b) * 16) + DtsEscapes.HexValue(At(start.Offset + 1)));
            return new DtsToken(DtsTokenKind.Byte, start, 2) { Value = value };
        }

        if (_state == LexState.PropNodeName && (IsPropNodeChar(b) || (b == (byte)'\\' && IsPropNodeChar(At(_pos + 1)))))
        {
            var nameStart = b == (byte)'\\' ? _pos + 1 : _pos;
            var end = nameStart;
            while (IsPropNodeChar(At(end)))
            {
                end++;
            }

            var name = Encoding.ASCII.GetString(_file.Bytes, nameStart, end - nameStart);
            var length = end - _pos;
            _pos = end;
            return new DtsToken(DtsTokenKind.PropNodeName, start, length) { Text = name };
        }

        var two = (b, At(_pos + 1));
        DtsTokenKind? pair = two switch
        {
            ((byte)'<', (byte)'<') => DtsTokenKind.LeftShift,
            ((byte)'>', (byte)'>') => DtsTokenKind.RightShift,
            ((byte)'<', (byte)'=') => DtsTokenKind.LessOrEqual,
            ((byte)'>', (byte)'=') => DtsTokenKind.GreaterOrEqual,
            ((byte)'=', (byte)'=') => DtsTokenKind.Equal,
            ((byte)'!', (byte)'=') => DtsTokenKind.NotEqual,
            ((byte)'|', (byte)'|') => DtsTokenKind.LogicalOr,
            _ => null,
        };
        if (pair is { } pairKind)
        {
            _pos += 2;
            return new DtsToken(pairKind, start, 2);
        }

        _pos++;
        return new DtsToken(DtsTokenKind.Char, start, 1) { Char = (char)b };
    }

    private void Transition(DtsToken token)
    {
        switch (token.Kind)
        {
            case DtsTokenKind.DtsV1 or DtsTokenKind.MemReserve or DtsTokenKind.Bits or DtsTokenKind.PropNodeName:
                _state = LexState.V1;
                break;
            case DtsTokenKind.DeleteProperty or DtsTokenKind.DeleteNode or DtsTokenKind.OmitIfNoRef:
                _state = LexState.PropNodeName;
                break;
            case DtsTokenKind.Char when token.Char == '[':
                _state = LexState.ByteString;
                break;
            case DtsTokenKind.Char when token.Char == ']' && _state == LexState.ByteString:
                _state = LexState.V1;
                break;
            case DtsTokenKind.Char when token.Char is '{' or ';':
                _state = LexState.PropNodeName;
                break;
            default:
                break;
        }
    }

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
