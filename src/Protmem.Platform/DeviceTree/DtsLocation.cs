namespace Protmem.Platform.DeviceTree;

/// <summary>A place in a DTS source: a file and a byte offset in it.</summary>
internal readonly record struct DtsLocation(DtsSourceFile File, int Offset)
{
    public DtsParseException Error(string reason)
    {
        var (file, line, column) = File.Resolve(Offset);
        return new DtsParseException(file, line, column, reason);
    }

    public override string ToString()
    {
        var (file, line, column) = File.Resolve(Offset);
        return $"{file}:{line}:{column}";
    }
}
