using Protmem.Uapi;
using Protmem.Userspace.Sysfs;

namespace Protmem.Userspace.HeapSelection;

/// <summary>
/// What /sys/kernel/protmem says about this machine: every heap and every device, read through
/// the ABI (docs/sysfs-protmem.md).
/// </summary>
public sealed class MemoryTopology
{
    /// <summary>Where the kernel serves the tree.</summary>
    public const string Root = "/sys/kernel/protmem";

    private MemoryTopology(IReadOnlyList<HeapInfo> heaps, IReadOnlyList<DeviceInfo> devices)
    {
        Heaps = heaps;
        Devices = devices;
    }

    /// <summary>The heaps, in the kernel's order.</summary>
    public IReadOnlyList<HeapInfo> Heaps { get; }

    /// <summary>The devices, in the kernel's order.</summary>
    public IReadOnlyList<DeviceInfo> Devices { get; }

    /// <summary>Reads the tree: 0 and the topology, or the -errno of the first file that could not be read (ENOENT: the kernel has none).</summary>
    public static int TryRead(ISyscalls sys, out MemoryTopology? topology)
    {
        ArgumentNullException.ThrowIfNull(sys);
        topology = null;
        using var reader = new SysfsReader(sys);
        try
        {
            var heaps = reader.List($"{Root}/heaps").Select(name => ReadHeap(reader, name)).ToList();
            var devices = reader.List($"{Root}/devices").Select(name => ReadDevice(reader, name)).ToList();
            topology = new MemoryTopology(heaps, devices);
            return 0;
        }
        catch (ErrnoException e)
        {
            return -e.Errno;
        }
    }

    /// <summary>Reads the tree; throws <see cref="ErrnoException"/>.</summary>
    public static MemoryTopology Read(ISyscalls sys)
    {
        ErrnoException.Check(TryRead(sys, out var topology), $"read {Root}");
        return topology!;
    }

    /// <summary>The heap named <paramref name="name"/>, or null.</summary>
    public HeapInfo? Heap(string name) => Heaps.FirstOrDefault(h => h.Name == name);

    /// <summary>The device behind a /dev node, or with that directory name; null when none.</summary>
    public DeviceInfo? Device(string nodeOrName) =>
        Devices.FirstOrDefault(d => d.Nodes.Contains(nodeOrName)) ?? Devices.FirstOrDefault(d => d.Name == nodeOrName);

    private static HeapInfo ReadHeap(SysfsReader reader, string name)
    {
        var directory = $"{Root}/heaps/{name}";
        return new HeapInfo(
            name,
            reader.ReadValue($"{directory}/dev"),
            reader.ReadValue($"{directory}/alloc"),
            Flag(reader, $"{directory}/protected"),
            reader.ReadValue($"{directory}/use_case"),
            Flag(reader, $"{directory}/contiguous"),
            Flag(reader, $"{directory}/cpu_mappable"));
    }

    private static DeviceInfo ReadDevice(SysfsReader reader, string name)
    {
        var directory = $"{Root}/devices/{name}";
        return new DeviceInfo(name, reader.ReadLines($"{directory}/dev"), reader.ReadValue($"{directory}/iommu"), reader.ReadLines($"{directory}/heaps"));
    }

    private static bool Flag(SysfsReader reader, string path) => reader.ReadValue(path) switch
    {
        "1" => true,
        "0" => false,
        var other => throw new ErrnoException($"{path}: '{other}' is not 0 or 1"),
    };
}
