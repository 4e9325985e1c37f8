using Protmem.Hardware.Bus;
using Protmem.Kernel.Core;
using Protmem.Kernel.Iommu;

namespace Protmem.Kernel.Base;

/// <summary>
/// A platform device (<c>struct platform_device</c>), made from one device-tree node: its name, its
/// compatible strings (most specific first), the properties drivers read (memory-region,
/// protected-heap-name), the bus master its DMA uses and the IOMMU in front of it, and, once a driver
/// bound, that driver and its data (<c>dev_get_drvdata</c>).
/// </summary>
public sealed class PlatformDevice
{
    private readonly IReadOnlyDictionary<string, string> _strings;

    internal PlatformDevice(string name, IReadOnlyList<string> compatible, DeviceMaster? master, string? iommuFwnode, IReadOnlyList<ReservedMemoryRegion> memoryRegions, string? protectedHeapName, IReadOnlyDictionary<string, string>? stringProperties = null)
    {
        _strings = stringProperties ?? new Dictionary<string, string>(StringComparer.Ordinal);
        Name = name;
        Compatible = compatible;
        Master = master;
        IommuFwnode = iommuFwnode;
        MemoryRegions = memoryRegions;
        ProtectedHeapName = protectedHeapName;
    }

    public string Name { get; }

    /// <summary>The node's <c>compatible</c> strings, most specific first.</summary>
    public IReadOnlyList<string> Compatible { get; }

    /// <summary>The bus master the device's DMA uses, or null for a device without DMA.</summary>
    public DeviceMaster? Master { get; }

    /// <summary>
    /// The IOMMU node its <c>iommus</c> names (the fwspec), or null.
    /// Model: the board's wiring of the master behind an IOMMU stands for the phandle.
    /// </summary>
    public string? IommuFwnode { get; }

    /// <summary>The IOMMU in front of the device once its driver probed it (<c>dev-&gt;iommu</c>), or null: then it addresses memory physically.</summary>
    public IommuDevice? Iommu { get; internal set; }

    /// <summary>Its IOMMU group (<c>dev-&gt;iommu_group</c>), or null without an IOMMU.</summary>
    public IommuGroup? IommuGroup { get; internal set; }

    /// <summary>The regions of its <c>memory-region</c> property.</summary>
    public IReadOnlyList<ReservedMemoryRegion> MemoryRegions { get; }

    /// <summary>Its <c>protected-heap-name</c>: the dma-heap its driver allocates protected memory from, or null.</summary>
    public string? ProtectedHeapName { get; }

    /// <summary>The driver bound to it, or null.</summary>
    public IPlatformDriver? Driver { get; internal set; }

    /// <summary>The bound driver's per-device data (<c>platform_set_drvdata</c>).</summary>
    public object? DriverData { get; set; }

    /// <summary>of_property_read_string: the value of string property <paramref name="name"/>, or null when absent.</summary>
    public string? ReadStringProperty(string name) => _strings.TryGetValue(name, out var value) ? value : null;

    public override string ToString() => Name;
}
