using Protmem.Kernel.Base;
using Protmem.Uapi;

namespace Protmem.Kernel.Core;

/// <summary>
/// The /dev tree: device node paths and what opening each does. Drivers register nodes as they probe;
/// open(2) of an unknown path is ENOENT.
/// </summary>
public sealed class DeviceNodeRegistry
{
    private readonly SortedDictionary<string, IDeviceNode> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PlatformDevice> _owners = new(StringComparer.Ordinal);

    /// <summary>Raised after a node is added, with its path.</summary>
    public event Action<string>? NodeAdded;

    /// <summary>Every path, in ordinal order.</summary>
    public IReadOnlyCollection<string> Paths => _nodes.Keys;

    /// <summary>Adds a node, of <paramref name="device"/> when a driver registers it for one (device_create's parent); false when the path is taken.</summary>
    public bool TryRegister(string path, IDeviceNode node, PlatformDevice? device = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(node);
        if (!path.StartsWith("/dev/", StringComparison.Ordinal))
        {
            throw new ArgumentException($"device node '{path}' must live under /dev/", nameof(path));
        }

        if (!_nodes.TryAdd(path, node))
        {
            return false;
        }

        if (device is not null)
        {
            _owners.Add(path, device);
        }

        NodeAdded?.Invoke(path);
        return true;
    }

    /// <summary>Removes a node (device_destroy); open files stay valid.</summary>
    public bool Unregister(string path)
    {
        _owners.Remove(path);
        return _nodes.Remove(path);
    }

    /// <summary>The node paths registered for <paramref name="device"/>, in ordinal order.</summary>
    public IReadOnlyList<string> NodesOf(PlatformDevice device) => [.. _nodes.Keys.Where(p => _owners.TryGetValue(p, out var owner) && owner == device)];

    /// <summary>True when <paramref name="path"/> names a node.</summary>
    public bool Exists(string path) => path is not null && _nodes.ContainsKey(path);

    /// <summary>The names of the entries directly inside <paramref name="directory"/> (readdir), e.g. "/dev/dma_heap".</summary>
    public IReadOnlyList<string> List(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var prefix = directory.EndsWith('/') ? directory : directory + "/";
        var names = new List<string>();
        foreach (var path in _nodes.Keys)
        {
            if (path.StartsWith(prefix, StringComparison.Ordinal) && path.IndexOf('/', prefix.Length) < 0)
            {
                names.Add(path[prefix.Length..]);
            }
        }

        return names;
    }

    /// <summary>open(2) of <paramref name="path"/>: 0 and a file, or -ENOENT, or the node's error.</summary>
    internal int Open(UserProcess caller, string path, int flags, out OpenFile? file)
    {
        file = null;
        if (path is null || !_nodes.TryGetValue(path, out var node))
        {
            return -Errno.ENOENT;
        }

        return node.Open(caller, flags, out file);
    }
}
