namespace Protmem.Userspace.HeapSelection;

/// <summary>A device as /sys/kernel/protmem/devices/&lt;name&gt; describes it.</summary>
/// <param name="Name">The directory name (the board's device name, or tee0).</param>
/// <param name="Nodes">Its /dev nodes (none for a device no driver made a node for).</param>
/// <param name="Iommu">The IOMMU in front of it, or "none".</param>
/// <param name="Heaps">The heaps whose buffers it can import.</param>
public sealed record DeviceInfo(string Name, IReadOnlyList<string> Nodes, string Iommu, IReadOnlyList<string> Heaps)
{
    public override string ToString() => Nodes.Count > 0 ? Nodes[0] : Name;
}
