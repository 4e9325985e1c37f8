using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Protmem.Platform.DeviceTree;

/// <summary>
/// Files held in memory by path (for embedded platforms and tests). Paths are compared
/// after normalising <c>a/./b</c> and <c>a/x/../b</c>, with '/' as the separator.
/// </summary>
public sealed class DtsInMemoryFileSource : IDtsFileSource
{
    private readonly Dictionary<string, byte[]> _files = new(StringComparer.Ordinal);

    /// <summary>Adds or replaces a file given as text (stored as UTF-8).</summary>
    public DtsInMemoryFileSource Add(string path, string text) => Add(path, Encoding.UTF8.GetBytes(text));

    /// <summary>Adds or replaces a file given as bytes.</summary>
    public DtsInMemoryFileSource Add(string path, byte[] contents)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(contents);
        _files[Normalise(path)] = contents;
        return this;
    }

    public bool TryReadFile(string path, [NotNullWhen(true)] out byte[]? contents)
    {
        ArgumentNullException.ThrowIfNull(path);
        return _files.TryGetValue(Normalise(path), out contents);
    }

    private static string Normalise(string path)
    {
        var absolute = path.StartsWith('/');
        var parts = new List<string>();
        foreach (var part in path.Replace('\\', '/').Split('/'))
        {
            if (part.Length == 0 || part == ".")
            {
                continue;
            }

            if (part == ".." && parts.Count > 0 && parts[^1] != "..")
            {
                parts.RemoveAt(parts.Count - 1);
            }
            else
            {
                parts.Add(part);
            }
        }

        var joined = string.Join('/', parts);
        return absolute ? "/" + joined : joined;
    }
}
