namespace Protmem.Platform.DeviceTree;

/// <summary>
/// Finds the files <c>/include/</c> and <c>/incbin/</c> name, as dtc does: an absolute name as
/// given; otherwise first beside the file that names it, then in each include folder in order.
/// </summary>
internal sealed class DtsFileResolver
{
    private readonly IDtsFileSource _files;
    private readonly IReadOnlyList<string> _includePaths;

    public DtsFileResolver(IDtsFileSource files, IReadOnlyList<string> includePaths)
    {
        _files = files;
        _includePaths = includePaths;
    }

    /// <summary>Opens a source file named by <c>/include/</c> in <paramref name="from"/>.</summary>
    public DtsSourceFile Open(string name, DtsSourceFile from, DtsLocation at)
    {
        var (path, bytes) = Read(name, from, at);
        return new DtsSourceFile(path, bytes, DirectoryOf(path));
    }

    /// <summary>Reads the bytes of a file named by <c>/include/</c> or <c>/incbin/</c> in <paramref name="from"/>.</summary>
    public (string Path, byte[] Bytes) Read(string name, DtsSourceFile from, DtsLocation at)
    {
        var tried = new List<string>();
        foreach (var candidate in Candidates(name, from))
        {
            tried.Add(candidate);
            if (_files.TryReadFile(candidate, out var bytes))
            {
                return (candidate, bytes);
            }
        }

        throw at.Error($"cannot open \"{name}\" (looked for {string.Join(", ", tried.Select(t => $"\"{t}\""))})");
    }

    /// <summary>The folder part of a path, or null when it has none.</summary>
    public static string? DirectoryOf(string path)
    {
        var slash = path.LastIndexOfAny(['/', '\\']);
        return slash switch
        {
            < 0 => null,
            0 => "/",
            _ => path[..slash],
        };
    }

    private IEnumerable<string> Candidates(string name, DtsSourceFile from)
    {
        if (name.StartsWith('/') || Path.IsPathRooted(name))
        {
            yield return name;
            yield break;
        }

        yield return Join(from.Directory, name);
        foreach (var folder in _includePaths)
        {
            yield return Join(folder, name);
        }
    }

    private static string Join(string? folder, string name) => folder switch
    {
        null or "" => name,
        _ when folder.EndsWith('/') => folder + name,
        _ => folder + "/" + name,
    };
}
