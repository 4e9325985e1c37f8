namespace Protmem.Platform.DeviceTree;

/// <summary>
/// One token: its kind, where it starts, its length in the source, and its value
/// (name, label or reference text; integer; decoded string bytes; the character).
/// </summary>
internal readonly record struct DtsToken(DtsTokenKind Kind, DtsLocation Location, int Length)
{
    public string Text { get; init; } = "";

    public ulong Value { get; init; }

    public byte[] Bytes { get; init; } = [];

    public char Char { get; init; }

    public bool IsChar(char c) => Kind == DtsTokenKind.Char && Char == c;

    /// <summary>The token as a message shows it ("'}'", "end of input", "label 'foo:'").</summary>
    public string Describe()
    {
        var raw = Location.File.Bytes.AsSpan(Location.Offset, Math.Min(Length, 40));
        var text = System.Text.Encoding.Latin1.GetString(raw);
        return Kind switch
        {
            DtsTokenKind.EndOfInput => "end of input",
            DtsTokenKind.Char => Char is >= ' ' and <= '~' ? $"'{Char}'" : $"byte 0x{(int)Char:x2}",
            DtsTokenKind.String => "a string",
            DtsTokenKind.Label => $"label '{text}'",
            DtsTokenKind.Reference => $"reference '{text}'",
            DtsTokenKind.PropNodeName => $"name '{text}'",
            DtsTokenKind.Literal => $"number '{text}'",
            _ => $"'{text}'",
        };
    }
}
