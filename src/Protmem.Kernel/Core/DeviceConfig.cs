namespace Protmem.Kernel.Core;

/// <summary>
/// A device of the board as the kernel learns it (a device-tree node): its name, compatible, the bus
/// master it drives (whose IOMMU, if any, the hardware knows) and the reserved-memory regions it names.
/// </summary>
/// <param name="Name">The device's name (unique).</param>
/// <param name="Compatible">Its <c>compatible</c>, matched by drivers.</param>
/// <param name="BusMaster">The name of its device master on the SoC, or null for a device that does no DMA.</param>
/// <param name="MemoryRegions">Names of <see cref="ReservedMemoryRegion"/>s in its <c>memory-region</c>.</param>
/// <param name="StringProperties">The node's string properties a driver reads (of_property_read_string), by name.</param>
public sealed record DeviceConfig(string Name, string Compatible, string? BusMaster = null, IReadOnlyList<string>? MemoryRegions = null, IReadOnlyDictionary<string, string>? StringProperties = null)
{
    /// <summary>The memory regions, never null.</summary>
    public IReadOnlyList<string> MemoryRegionNames => MemoryRegions ?? [];
}
