using Spectre.Console;

namespace Protmem.Cli;

/// <summary>
/// A table of text that fits the console's width without breaking a cell mid-word: when its rows are wider
/// than the width, its columns are split into several tables, each repeating the leading key columns (the
/// row's name), so every value stays whole on one line and every line of a row is beside its name.
/// </summary>
internal static class FittedTable
{
    /// <summary>Ascii borders: a column costs its content plus a space each side and a bar.</summary>
    private const int ColumnOverhead = 3;

    /// <summary>
    /// Writes <paramref name="rows"/> under <paramref name="headers"/> to <paramref name="console"/>, within its
    /// width; the first <paramref name="keyColumns"/> columns name the row and are repeated in every part.
    /// </summary>
    public static void Write(IAnsiConsole console, string? title, IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows, int keyColumns = 1)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(rows);
        var groups = Groups(headers, rows, keyColumns, console.Profile.Width);
        for (var g = 0; g < groups.Count; g++)
        {
            var table = new Table { Border = TableBorder.Ascii };
            if (title is not null)
            {
                table.Title = new TableTitle(groups.Count == 1 ? title : $"{title} ({g + 1}/{groups.Count})");
            }

            foreach (var column in groups[g])
            {
                table.AddColumn(new TableColumn(Markup.Escape(headers[column])));
            }

            foreach (var row in rows)
            {
                table.AddRow([.. groups[g].Select(column => new Text(column < row.Count ? row[column] : string.Empty))]);
            }

            console.Write(table);
        }
    }

    /// <summary>The columns of each part: the key columns, then as many more as fit <paramref name="width"/> (at least one).</summary>
    public static IReadOnlyList<IReadOnlyList<int>> Groups(IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows, int keyColumns, int width)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(rows);
        var keys = Math.Clamp(keyColumns, 0, headers.Count);
        var widths = Enumerable.Range(0, headers.Count)
            .Select(c => rows.Select(r => c < r.Count ? r[c].Length : 0).Append(headers[c].Length).Max() + ColumnOverhead)
            .ToList();
        var keyWidth = 1 + widths.Take(keys).Sum();
        if (1 + widths.Sum() <= width || headers.Count == keys)
        {
            return [Enumerable.Range(0, headers.Count).ToList()];
        }

        var groups = new List<IReadOnlyList<int>>();
        var current = Enumerable.Range(0, keys).ToList();
        var used = keyWidth;
        for (var c = keys; c < headers.Count; c++)
        {
            if (current.Count > keys && used + widths[c] > width)
            {
                groups.Add(current);
                current = Enumerable.Range(0, keys).ToList();
                used = keyWidth;
            }

            current.Add(c);
            used += widths[c];
        }

        groups.Add(current);
        return groups;
    }
}
