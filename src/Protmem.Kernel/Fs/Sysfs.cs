using Protmem.Kernel.Core;
using Protmem.Uapi;

namespace Protmem.Kernel.Fs;

/// <summary>
/// The read-only sysfs tree the kernel serves under <c>/sys</c> (fs/sysfs over kernfs), with the
/// calls programs make on it: open(2) of a directory or an attribute, read(2), lseek(2), getdents64(2).
/// 1. Subsystems add attributes with <see cref="CreateFile"/> (sysfs_create_file); the directories on
///    the way appear with the first file under them. Nothing is removed: the model's devices and heaps
///    stay for the kernel's life.
/// 2. open(2): an unknown path is ENOENT; a write mode is EACCES (every attribute is 0444, every
///    directory 0555); O_DIRECTORY on an attribute is ENOTDIR.
/// 3. A read runs the attribute's show and returns its text (<see cref="SysfsFileOperations"/>).
/// </summary>
/// <remarks>Model: entries are listed in ordinal name order (kernfs orders by name hash); a path with "." or ".." is ENOENT (not resolved).</remarks>
public sealed class Sysfs
{
    /// <summary>Where the tree is mounted.</summary>
    public const string Root = "/sys";

    private readonly KernelContext _kernel;
    private readonly SysfsNode _root;
    private ulong _nextIno = 1;

    internal Sysfs(KernelContext kernel)
    {
        _kernel = kernel;
        _root = new SysfsNode("", _nextIno++, null, null);
    }

    /// <summary>True when <paramref name="path"/> lies in the sysfs tree (it is /sys or starts with /sys/).</summary>
    public static bool Covers(string path) =>
        path is not null && path.StartsWith(Root, StringComparison.Ordinal) && (path.Length == Root.Length || path[Root.Length] == '/');

    /// <summary>
    /// sysfs_create_file: an attribute at <paramref name="path"/> (absolute, under /sys) whose text
    /// <paramref name="show"/> computes at read time. Throws when the path is taken or malformed (a kernel bug).
    /// </summary>
    public SysfsNode CreateFile(string path, Func<string> show)
    {
        ArgumentNullException.ThrowIfNull(show);
        var names = Split(path) ?? throw new ArgumentException($"sysfs path '{path}' is not an absolute path under {Root}", nameof(path));
        if (names.Length == 0)
        {
            throw new ArgumentException($"{Root} itself is a directory", nameof(path));
        }

        var directory = _root;
        foreach (var name in names[..^1])
        {
            if (!directory.TryGetChild(name, out var child))
            {
                child = new SysfsNode(name, _nextIno++, directory, null);
                directory.AddChild(child);
            }
            else if (!child.IsDirectory)
            {
                throw new KernelOopsException($"sysfs {child} is an attribute, not a directory");
            }

            directory = child;
        }

        if (directory.TryGetChild(names[^1], out var existing))
        {
            throw new KernelOopsException($"sysfs {existing} exists already (duplicate sysfs_create_file)");
        }

        var file = new SysfsNode(names[^1], _nextIno++, directory, show);
        directory.AddChild(file);
        return file;
    }

    /// <summary>The node at <paramref name="path"/>, or null.</summary>
    public SysfsNode? Lookup(string path)
    {
        var names = Split(path);
        if (names is null)
        {
            return null;
        }

        var node = _root;
        foreach (var name in names)
        {
            if (!node.TryGetChild(name, out node))
            {
                return null;
            }
        }

        return node;
    }

    /// <summary>open(2) of a path under /sys: 0 and a file, or -errno.</summary>
    internal int Open(UserProcess caller, string path, int flags, out OpenFile? file)
    {
        file = null;
        var node = Lookup(path);
        if (node is null)
        {
            return -Errno.ENOENT;
        }

        if ((flags & Fcntl.O_ACCMODE) != Fcntl.O_RDONLY)
        {
            return node.IsDirectory ? -Errno.EISDIR : -Errno.EACCES;
        }

        if (!node.IsDirectory && (flags & Fcntl.O_DIRECTORY) != 0)
        {
            return -Errno.ENOTDIR;
        }

        IFileOperations operations = node.IsDirectory ? SysfsDirectoryOperations.Instance : SysfsFileOperations.Instance;
        file = _kernel.CreateFile(operations, new SysfsOpenFile(node), flags);
        return 0;
    }

    /// <summary>The names along an absolute /sys path ("//" and a trailing "/" allowed), or null when it is not one.</summary>
    private static string[]? Split(string path)
    {
        if (!Covers(path))
        {
            return null;
        }

        var names = path[Root.Length..].Split('/', StringSplitOptions.RemoveEmptyEntries);
        return Array.Exists(names, n => n is "." or "..") ? null : names;
    }
}
