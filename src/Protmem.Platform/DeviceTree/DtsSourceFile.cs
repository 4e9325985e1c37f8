namespace Protmem.Platform.DeviceTree;

/// <summary>
/// One DTS source file as bytes, with what is needed to turn a byte offset into the
/// file:line:column a user reads: the line starts and the C preprocessor line markers
/// (<c># 12 "board.dtsi"</c>) that rename the file and renumber its lines.
/// </summary>
internal sealed class DtsSourceFile
{
    private readonly List<int> _lineStarts = [0];
    private readonly List<LineMarker> _markers = [];

    public DtsSourceFile(string name, byte[] bytes, string? directory)
    {
        Name = name;
        Bytes = bytes;
        Directory = directory;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                _lineStarts.Add(i + 1);
            }
        }
    }

    /// <summary>The name used in messages (the path as the user or the include named it).</summary>
    public string Name { get; }

    public byte[] Bytes { get; }

    /// <summary>The folder that relative <c>/include/</c> and <c>/incbin/</c> names start from, if any.</summary>
    public string? Directory { get; }

    /// <summary>Records a line marker found at <paramref name="offset"/>: the line after it is <paramref name="nextLine"/> of <paramref name="fileName"/>.</summary>
    public void AddLineMarker(int offset, string fileName, int nextLine)
    {
        var physicalLine = LineIndexOf(offset);
        _markers.Add(new LineMarker(physicalLine + 1, fileName, nextLine));
    }

    /// <summary>The file name, 1-based line and 1-based column (in bytes) of a byte offset.</summary>
    public (string File, int Line, int Column) Resolve(int offset)
    {
        offset = Math.Clamp(offset, 0, Bytes.Length);
        var lineIndex = LineIndexOf(offset);
        var column = offset - _lineStarts[lineIndex] + 1;
        var file = Name;
        var line = lineIndex + 1;
        for (var i = _markers.Count - 1; i >= 0; i--)
        {
            var marker = _markers[i];
            if (marker.FirstPhysicalLine <= lineIndex)
            {
                file = marker.FileName;
                line = marker.NextLine + (lineIndex - marker.FirstPhysicalLine);
                break;
            }
        }

        return (file, line, column);
    }

    private int LineIndexOf(int offset)
    {
        var index = _lineStarts.BinarySearch(offset);
        return index >= 0 ? index : ~index - 1;
    }

    private readonly record struct LineMarker(int FirstPhysicalLine, string FileName, int NextLine);
}
