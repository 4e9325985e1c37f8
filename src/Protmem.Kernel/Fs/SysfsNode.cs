namespace Protmem.Kernel.Fs;

/// <summary>
/// One node of the sysfs tree (<c>struct kernfs_node</c>): a directory, or a read-only attribute file
/// whose text its owner computes when a program reads it (the attribute's <c>show</c>).
/// </summary>
public sealed class SysfsNode
{
    private readonly SortedDictionary<string, SysfsNode> _children = new(StringComparer.Ordinal);

    internal SysfsNode(string name, ulong ino, SysfsNode? parent, Func<string>? show)
    {
        Name = name;
        Ino = ino;
        Parent = parent;
        Show = show;
    }

    /// <summary>The entry's name inside its directory ("" for /sys).</summary>
    public string Name { get; }

    /// <summary>The inode number getdents64 reports.</summary>
    public ulong Ino { get; }

    /// <summary>The directory holding it; null for /sys.</summary>
    public SysfsNode? Parent { get; }

    /// <summary>The attribute's show callback; null for a directory.</summary>
    public Func<string>? Show { get; }

    public bool IsDirectory => Show is null;

    /// <summary>The entries of a directory, in ordinal name order.</summary>
    public IReadOnlyCollection<SysfsNode> Children => _children.Values;

    /// <summary>The absolute path.</summary>
    public string Path => Parent is null ? Sysfs.Root : $"{Parent.Path}/{Name}";

    internal bool TryGetChild(string name, out SysfsNode child) => _children.TryGetValue(name, out child!);

    internal void AddChild(SysfsNode child) => _children.Add(child.Name, child);

    public override string ToString() => Path;
}
