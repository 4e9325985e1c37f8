namespace Protmem.Platform.DeviceTree;

/// <summary>
/// A DTS source that dtc would reject: a syntax error, a bad value, a reference to a
/// label or path that does not exist, or a tree rule broken (duplicate names, labels or
/// phandles). The message reads <c>file:line:column: reason</c>.
/// </summary>
public sealed class DtsParseException : Exception
{
    public DtsParseException()
        : this("<input>", 1, 1, "invalid device-tree source")
    {
    }

    public DtsParseException(string message)
        : this("<input>", 1, 1, message)
    {
    }

    public DtsParseException(string message, Exception innerException)
        : base(message, innerException)
    {
        FileName = "<input>";
        Line = 1;
        Column = 1;
        Reason = message;
    }

    public DtsParseException(string fileName, int line, int column, string reason)
        : base($"{fileName}:{line}:{column}: {reason}")
    {
        FileName = fileName;
        Line = line;
        Column = column;
        Reason = reason;
    }

    /// <summary>The file the error is in (an included file when the error is in one).</summary>
    public string FileName { get; }

    /// <summary>1-based line number.</summary>
    public int Line { get; }

    /// <summary>1-based column number, counted in bytes.</summary>
    public int Column { get; }

    /// <summary>What was wrong, or what was expected and what was found instead.</summary>
    public string Reason { get; }
}
