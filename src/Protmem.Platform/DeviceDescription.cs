namespace Protmem.Platform;

/// <summary>
/// A device node the kernel may drive: its compatible, the bus master it drives (whose IOMMU the
/// hardware knows), the reserved regions it names, and its <c>protmem,</c> driver properties.
/// </summary>
/// <param name="Name">Unique name: the node name without unit address, or with it when two nodes share a base name.</param>
/// <param name="Path">The node's path in the device tree.</param>
/// <param name="Compatible">The most specific <c>compatible</c> string, or empty.</param>
/// <param name="BusMaster">The SoC's bus master this device drives (same name), or null for a device that does no DMA.</param>
/// <param name="Iommu">The IOMMU in front of it (its <c>iommus</c>), or null.</param>
/// <param name="MemoryRegions">Names of the reserved regions in its <c>memory-region</c>.</param>
/// <param name="ProtectedHeapName">The dma-heap a driver allocates protected memory from (<c>protected-heap-name</c>), or null.</param>
/// <param name="StringProperties">String properties its driver reads (e.g. <c>protmem,npu-isolation</c>), by name.</param>
public sealed record DeviceDescription(
    string Name,
    string Path,
    string Compatible,
    string? BusMaster,
    string? Iommu,
    IReadOnlyList<string> MemoryRegions,
    string? ProtectedHeapName = null,
    IReadOnlyDictionary<string, string>? StringProperties = null);
