namespace Protmem.Platform.DeviceTree;

/// <summary>How <see cref="DtsReader"/> finds included files.</summary>
public sealed record DtsReaderOptions
{
    /// <summary>Folders searched, in order, for a relative <c>/include/</c> or <c>/incbin/</c> name not found beside the file that names it (dtc's <c>-i</c>).</summary>
    public IReadOnlyList<string> IncludePaths { get; init; } = [];

    /// <summary>Where files are read from; the disk when null.</summary>
    public IDtsFileSource? Files { get; init; }
}
