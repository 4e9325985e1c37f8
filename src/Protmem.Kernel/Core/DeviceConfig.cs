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
    /// <summary>Every <c>compatible</c> string, most specific first; null means just <see cref="Compatible"/>.</summary>
    public IReadOnlyList<string>? AllCompatible { get; init; }

    /// <summary>Its <c>protected-heap-name</c>, or null.</summary>
    public string? ProtectedHeapName { get; init; }

    /// <summary>The compatible strings, never empty unless <see cref="Compatible"/> is.</summary>
    public IReadOnlyList<string> CompatibleStrings => AllCompatible ?? (Compatible.Length == 0 ? [] : [Compatible]);

    /// <summary>The memory regions, never null.</summary>
    public IReadOnlyList<string> MemoryRegionNames => MemoryRegions ?? [];
}
