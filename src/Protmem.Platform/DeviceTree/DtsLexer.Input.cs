using System.Text;

namespace Protmem.Platform.DeviceTree;

/// <summary>What the lexer skips or follows between tokens: blanks, comments, line markers, includes.</summary>
internal sealed partial class DtsLexer
{
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
}
