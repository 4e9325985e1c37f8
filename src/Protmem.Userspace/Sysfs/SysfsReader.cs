using System.Text;
using Protmem.Uapi;
using Protmem.Uapi.Fs;

namespace Protmem.Userspace.Sysfs;

/// <summary>
/// Reads a sysfs-like tree as a C program would: open(2) + read(2) until 0 for a file, open(2) with
/// O_DIRECTORY + getdents64(2) until 0 for a directory, through one page of this process's memory.
/// The Try forms return 0 or -errno; the others throw <see cref="ErrnoException"/>.
/// </summary>
public sealed class SysfsReader : IDisposable
{
    private readonly ISyscalls _sys;
    private readonly UserBuffer _page;

    public SysfsReader(ISyscalls sys)
    {
        ArgumentNullException.ThrowIfNull(sys);
        _sys = sys;
        _page = UserBuffer.Map(sys, Mman.PAGE_SIZE);
    }

    /// <summary>The whole text of the file at <paramref name="path"/>.</summary>
    public string Read(string path)
    {
        ErrnoException.Check(TryRead(path, out var text), $"read({path})");
        return text;
    }

    /// <summary>The text of the file without its trailing newline.</summary>
    public string ReadValue(string path) => Read(path).TrimEnd('\n');

    /// <summary>The file's lines, empty ones left out.</summary>
    public IReadOnlyList<string> ReadLines(string path) => Read(path).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The entries of the directory at <paramref name="path"/> ("." and ".." left out), in the kernel's order.</summary>
    public IReadOnlyList<string> List(string path)
    {
        ErrnoException.Check(TryList(path, out var names), $"getdents64({path})");
        return names;
    }

    /// <summary>read(2) of a whole file: 0 and its text, or -errno of open or read.</summary>
    public int TryRead(string path, out string text)
    {
        text = "";
        var fd = _sys.Open(path, Fcntl.O_RDONLY | Fcntl.O_CLOEXEC);
        if (fd < 0)
        {
            return fd;
        }

        var bytes = new List<byte>();
        var chunk = new byte[_page.Length];
        long got;
        while ((got = _sys.Read(fd, _page.Address, _page.Length)) > 0)
        {
            _page.Read(0, chunk.AsSpan(0, (int)got));
            bytes.AddRange(chunk.AsSpan(0, (int)got));
        }

        _sys.Close(fd);
        if (got < 0)
        {
            return (int)got;
        }

        text = Encoding.UTF8.GetString([.. bytes]);
        return 0;
    }

    /// <summary>getdents64(2) of a whole directory: 0 and its entry names, or -errno of open or getdents64.</summary>
    public int TryList(string path, out IReadOnlyList<string> names)
    {
        var found = new List<string>();
        names = found;
        var fd = _sys.Open(path, Fcntl.O_RDONLY | Fcntl.O_DIRECTORY | Fcntl.O_CLOEXEC);
        if (fd < 0)
        {
            return fd;
        }

        var chunk = new byte[_page.Length];
        long got;
        while ((got = _sys.Getdents64(fd, _page.Address, _page.Length)) > 0)
        {
            _page.Read(0, chunk.AsSpan(0, (int)got));
            foreach (var entry in Dirent.Parse(chunk.AsSpan(0, (int)got)))
            {
                if (entry.Name is not ("." or ".."))
                {
                    found.Add(entry.Name);
                }
            }
        }

        _sys.Close(fd);
        return got < 0 ? (int)got : 0;
    }

    public void Dispose() => _page.Dispose();
}
