using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Protmem.Platform.DeviceTree;

/// <summary>
/// Writes a <see cref="DtTree"/> as DTS in dtc 1.6.1's output style: tabs, a blank line
/// before each child, cells in hex. A value read from a DTS is written the way its source
/// wrote it (cells, <c>/bits/</c> sizes, bytes, strings, labels), as dtc prints a tree it
/// compiled; a value read from a DTB is written as dtc guesses it (string, cells or bytes).
/// </summary>
public static class DtsWriter
{
    /// <summary>The source text for <paramref name="tree"/>.</summary>
    public static string Write(DtTree tree, DtsWriterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(tree);
        options ??= new DtsWriterOptions();
        var text = new StringBuilder(64 * 1024);
        text.Append("/dts-v1/;\n\n");
        var reservations = options.Sort
            ? tree.MemoryReservations.OrderBy(r => r.Address).ThenBy(r => r.Size)
            : tree.MemoryReservations.AsEnumerable();
        foreach (var entry in reservations)
        {
            text.Append(CultureInfo.InvariantCulture, $"/memreserve/\t0x{entry.Address:x16} 0x{entry.Size:x16};\n");
        }

        WriteNode(text, tree.Root, 0, options);
        return text.ToString();
    }

    private static void WriteNode(StringBuilder text, DtNode node, int level, DtsWriterOptions options)
    {
        var sort = options.Sort;
        text.Append('\t', level);
        foreach (var label in node.Labels)
        {
            text.Append(label).Append(": ");
        }

        text.Append(node.Name.Length == 0 ? "/" : node.Name).Append(" {\n");
        var properties = sort ? node.Properties.OrderBy(p => p.Name, StringComparer.Ordinal) : node.Properties.AsEnumerable();
        foreach (var property in properties)
        {
            text.Append('\t', level + 1);
            foreach (var label in property.Labels)
            {
                text.Append(label).Append(": ");
            }

            text.Append(property.Name);
            WriteValue(text, property, options.DtcEscapes);
        }

        var children = sort ? node.Children.OrderBy(c => c.Name, StringComparer.Ordinal) : node.Children.AsEnumerable();
        foreach (var child in children)
        {
            text.Append('\n');
            WriteNode(text, child, level + 1, options);
        }

        text.Append('\t', level).Append("};\n");
    }

    /// <summary>
    /// dtc's write_propval: walk the value's marks in order; a type mark opens a run
    /// (<c>&lt;</c>, <c>/bits/ 16 &lt;</c>, <c>[</c> or a string), a label prints <c>name:</c>,
    /// a reference mark a space; each run closes (with a comma unless last) where the next type mark begins.
    /// </summary>
    private static void WriteValue(StringBuilder text, DtProperty property, bool dtcEscapes)
    {
        var value = property.Value;
        if (value.IsEmpty)
        {
            text.Append(";\n");
            return;
        }

        text.Append(" =");
        var marks = property.Hints ?? [];
        if (!marks.Any(m => IsType(m.Kind)))
        {
            marks = [new DtsValueHint(0, GuessType(value, marks), null), .. marks];
        }

        LiveMarkerKind? emitting = null;
        for (var i = 0; i < marks.Length; i++)
        {
            var mark = marks[i];
            var chunkEnd = i + 1 < marks.Length ? marks[i + 1].Offset : value.Length;
            var nextType = Array.FindIndex(marks, i + 1, m => IsType(m.Kind));
            // dtc: the run's length is the distance to the next type mark, and a distance of 0 counts as "to the end".
            var runEnd = nextType >= 0 && marks[nextType].Offset != mark.Offset ? marks[nextType].Offset : value.Length;
            if (IsType(mark.Kind))
            {
                emitting = mark.Kind;
                text.Append(' ').Append(Opening(mark.Kind));
            }
            else if (mark.Kind == LiveMarkerKind.Label)
            {
                text.Append(' ').Append(mark.Label).Append(':');
            }
            else if (mark.Offset != 0)
            {
                text.Append(' ');
            }

            if (emitting is not { } kind)
            {
                continue;
            }

            var chunk = value[Math.Min(mark.Offset, value.Length)..Math.Max(Math.Min(chunkEnd, value.Length), Math.Min(mark.Offset, value.Length))];
            WriteChunk(text, chunk, kind, dtcEscapes);
            if (chunkEnd == runEnd)
            {
                text.Append(Closing(kind));
                if (runEnd < value.Length)
                {
                    text.Append(',');
                }

                emitting = null;
            }
        }

        text.Append(";\n");
    }

    private static bool IsType(LiveMarkerKind kind) => kind <= LiveMarkerKind.TypeString;

    private static string Opening(LiveMarkerKind kind) => kind switch
    {
        LiveMarkerKind.TypeUInt8 => "[",
        LiveMarkerKind.TypeUInt16 => "/bits/ 16 <",
        LiveMarkerKind.TypeUInt64 => "/bits/ 64 <",
        LiveMarkerKind.TypeString => "",
        _ => "<",
    };

    private static string Closing(LiveMarkerKind kind) => kind switch
    {
        LiveMarkerKind.TypeUInt8 => "]",
        LiveMarkerKind.TypeString => "",
        _ => ">",
    };

    private static void WriteChunk(StringBuilder text, ReadOnlySpan<byte> chunk, LiveMarkerKind kind, bool dtcEscapes)
    {
        if (kind == LiveMarkerKind.TypeString)
        {
            WriteString(text, chunk, dtcEscapes);
            return;
        }

        var width = kind switch
        {
            LiveMarkerKind.TypeUInt16 => 2,
            LiveMarkerKind.TypeUInt32 => 4,
            LiveMarkerKind.TypeUInt64 => 8,
            _ => 1,
        };
        for (var at = 0; at + width <= chunk.Length; at += width)
        {
            var item = chunk[at..];
            text.Append(width switch
            {
                1 => item[0].ToString("x2", CultureInfo.InvariantCulture),
                2 => "0x" + BinaryPrimitives.ReadUInt16BigEndian(item).ToString("x2", CultureInfo.InvariantCulture),
                4 => "0x" + BinaryPrimitives.ReadUInt32BigEndian(item).ToString("x2", CultureInfo.InvariantCulture),
                _ => "0x" + BinaryPrimitives.ReadUInt64BigEndian(item).ToString("x2", CultureInfo.InvariantCulture),
            });
            if (at + width < chunk.Length)
            {
                text.Append(' ');
            }
        }
    }

    /// <summary>A string run, its final NUL dropped and other bytes escaped as dtc escapes them.</summary>
    private static void WriteString(StringBuilder text, ReadOnlySpan<byte> chunk, bool dtcEscapes)
    {
        if (chunk.IsEmpty)
        {
            return;
        }

        text.Append('"');
        var body = chunk[..^1];
        for (var i = 0; i < body.Length; i++)
        {
            var b = body[i];
            var octalDigitNext = i + 1 < body.Length && body[i + 1] is >= (byte)'0' and <= (byte)'7';
            text.Append(b switch
            {
                0x07 => "\\a",
                0x08 => "\\b",
                0x09 => "\\t",
                0x0a => "\\n",
                0x0b => "\\v",
                0x0c => "\\f",
                0x0d => "\\r",
                (byte)'\\' => "\\\\",
                (byte)'"' => "\\\"",
                0 => octalDigitNext && !dtcEscapes ? "\\000" : "\\0",
                >= 0x20 and <= 0x7e => ((char)b).ToString(),
                _ => "\\x" + (dtcEscapes ? (int)(sbyte)b : b).ToString("x2", CultureInfo.InvariantCulture),
            });
        }

        text.Append('"');
    }

    /// <summary>dtc's guess for a value with no type: a string when it looks like text, cells when it is whole cells, else bytes.</summary>
    private static LiveMarkerKind GuessType(ReadOnlySpan<byte> value, DtsValueHint[] marks)
    {
        var notString = 0;
        var nuls = 0;
        foreach (var b in value)
        {
            if (b is not ((>= 0x20 and <= 0x7e) or 0 or (>= 0x07 and <= 0x0d)))
            {
                notString++;
            }

            if (b == 0)
            {
                nuls++;
            }
        }

        var labelInsideString = 0;
        var labelInsideCell = 0;
        foreach (var mark in marks)
        {
            if (mark.Kind == LiveMarkerKind.Label)
            {
                labelInsideString += mark.Offset > 0 && value[mark.Offset - 1] != 0 ? 1 : 0;
                labelInsideCell += mark.Offset % 4 != 0 ? 1 : 0;
            }
        }

        if (value[^1] == 0 && notString == 0 && nuls <= value.Length - nuls && labelInsideString == 0)
        {
            return LiveMarkerKind.TypeString;
        }

        return value.Length % 4 == 0 && labelInsideCell == 0 ? LiveMarkerKind.TypeUInt32 : LiveMarkerKind.TypeUInt8;
    }
}
