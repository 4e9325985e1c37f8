using System.Buffers;
using System.Collections.Immutable;
using System.Text;

namespace Protmem.Platform.DeviceTree;

/// <summary>
/// dtc's lexer: the same tokens from the same bytes. Like dtc's it has states, moved by the
/// tokens it produces: after <c>{</c>, <c>;</c> and <c>/delete-…/</c> a word is a property or node
/// name; after a name (or <c>/dts-v1/</c>) numbers are literals; after <c>[</c> pairs of hex
/// digits are bytes. <c>/include/ "file"</c> is handled here, so the parser sees one token stream.
/// </summary>
internal sealed partial class DtsLexer
{
    public const int MaxIncludeDepth = 100;

    private static readonly SearchValues<byte> PropNodeChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789,._+*#?@-"u8);

    private static readonly ImmutableArray<(string Text, DtsTokenKind Kind)> Keywords =
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

    private static bool IsPropNodeChar(byte b) => PropNodeChars.Contains(b);

    private static bool IsPathChar(byte b) => IsPropNodeChar(b) || b == (byte)'/';

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
}
