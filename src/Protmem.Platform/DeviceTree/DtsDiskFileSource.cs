using System.Diagnostics.CodeAnalysis;

namespace Protmem.Platform.DeviceTree;

/// <summary>Files read from the host's disk.</summary>
public sealed class DtsDiskFileSource : IDtsFileSource
{
    /// <summary>The one instance; it holds no state.</summary>
    public static DtsDiskFileSource Instance { get; } = new();

    private DtsDiskFileSource()
    {
    }

    public bool TryReadFile(string path, [NotNullWhen(true)] out byte[]? contents)
    {
        try
        {
            contents = File.Exists(path) ? File.ReadAllBytes(path) : null;
        }
        catch (IOException)
        {
            contents = null;
        }
        catch (UnauthorizedAccessException)
        {
            contents = null;
        }

        return contents is not null;
    }
}
