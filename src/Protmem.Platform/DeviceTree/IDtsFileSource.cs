using System.Diagnostics.CodeAnalysis;

namespace Protmem.Platform.DeviceTree;

/// <summary>
/// Where the DTS reader gets the files that <c>/include/</c> and <c>/incbin/</c> name
/// (and the top file when reading by path): the disk, or files a program holds in memory.
/// </summary>
public interface IDtsFileSource
{
    /// <summary>Reads the whole file at <paramref name="path"/>; false when there is no such readable file.</summary>
    bool TryReadFile(string path, [NotNullWhen(true)] out byte[]? contents);
}
