using System.Globalization;
using Spectre.Console;

namespace Protmem.Cli;

/// <summary>
/// Where a command writes and how: standard output and error, colours only when standard output is a
/// terminal and NO_COLOR is unset (https://no-color.org), and the width tables fit. On a terminal the width
/// is the terminal's (at least 80 columns); piped there is no limit (a row stays one line, for grep and awk);
/// <c>COLUMNS</c> overrides both, as for ls.
/// </summary>
internal sealed class Terminal
{
    /// <summary>The narrowest width a table is laid out for.</summary>
    public const int MinimumWidth = 80;

    /// <summary>The width when there is no limit: wider than any row the commands print.</summary>
    public const int Unlimited = 1000;

    /// <summary>Writes to <paramref name="output"/> and <paramref name="error"/>; <paramref name="width"/> and <paramref name="colour"/> replace what is detected.</summary>
    public Terminal(TextWriter output, TextWriter error, int? width = null, bool? colour = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        Output = output;
        Error = error;
        var target = new AnsiConsoleOutput(output);
        Colour = colour ?? ColourFor(target.IsTerminal, Environment.GetEnvironmentVariable("NO_COLOR"));
        Width = width is { } w ? Math.Max(w, MinimumWidth) : WidthFor(target);
    }

    /// <summary>Standard output.</summary>
    public TextWriter Output { get; }

    /// <summary>Standard error.</summary>
    public TextWriter Error { get; }

    /// <summary>Whether verdicts are coloured.</summary>
    public bool Colour { get; }

    /// <summary>The width tables are laid out for.</summary>
    public int Width { get; }

    /// <summary>A Spectre console on <paramref name="writer"/> (standard output unless told), coloured when <see cref="Colour"/>, <see cref="Width"/> wide.</summary>
    public IAnsiConsole Console(TextWriter? writer = null)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(new TrailingSpaceTrimmer(writer ?? Output)),
            Ansi = Colour ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = Colour ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = Width;
        return console;
    }

    /// <summary>
    /// <paramref name="text"/> (a verdict word: PASS, ok, FAIL, FAILED, SKIP, INCOMPLETE, ...) in its colour
    /// when colours are on; as it is otherwise.
    /// </summary>
    public string Paint(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!Colour)
        {
            return text;
        }

        var colour = text switch
        {
            "PASS" or "PASSED" or "ok" => "green",
            "FAIL" or "FAILED" => "red",
            _ when text.StartsWith("FAIL", StringComparison.Ordinal) => "red",
            _ => "yellow",
        };
        using var buffer = new StringWriter(CultureInfo.InvariantCulture);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(buffer),
            Ansi = AnsiSupport.Yes,
            ColorSystem = ColorSystemSupport.Standard,
            Interactive = InteractionSupport.No,
        });
        console.Markup($"[{colour}]{Markup.Escape(text)}[/]");
        return buffer.ToString();
    }

    /// <summary>Colours only on a terminal, and never when NO_COLOR is set to anything but the empty string.</summary>
    public static bool ColourFor(bool isTerminal, string? noColor) => isTerminal && string.IsNullOrEmpty(noColor);

    private static int WidthFor(AnsiConsoleOutput target)
    {
        if (int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), NumberStyles.None, CultureInfo.InvariantCulture, out var columns) && columns > 0)
        {
            return Math.Max(columns, MinimumWidth);
        }

        return target.IsTerminal ? Math.Max(target.Width, MinimumWidth) : Unlimited;
    }

    /// <summary>Drops the spaces a table pads its last column with at the end of each line.</summary>
    private sealed class TrailingSpaceTrimmer(TextWriter inner) : TextWriter
    {
        private readonly System.Text.StringBuilder _line = new();

        public override System.Text.Encoding Encoding => inner.Encoding;

        public override void Write(char value)
        {
            if (value == '\n')
            {
                var end = _line.Length;
                while (end > 0 && _line[end - 1] == ' ')
                {
                    end--;
                }

                inner.Write(_line.ToString(0, end));
                inner.Write('\n');
                _line.Clear();
            }
            else
            {
                _line.Append(value);
            }
        }

        public override void Write(string? value)
        {
            foreach (var c in value ?? string.Empty)
            {
                Write(c);
            }
        }

        public override void Flush()
        {
            inner.Write(_line.ToString());
            _line.Clear();
            inner.Flush();
        }
    }
}
