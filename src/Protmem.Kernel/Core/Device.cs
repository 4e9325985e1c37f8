using Protmem.Hardware.Bus;
using Protmem.Hardware.Iommu;

namespace Protmem.Kernel.Core;

/// <summary>
/// A device the kernel knows (<c>struct device</c>): its name and compatible from the board, the bus
/// master it drives DMA with (if any), the IOMMU in front of that master, and its reserved memory.
/// </summary>
public sealed class Device
{
    private readonly IReadOnlyDictionary<string, string> _strings;

    internal Device(DeviceConfig config, DeviceMaster? master, IReadOnlyList<ReservedMemoryRegion> memoryRegions)
    {
        Name = config.Name;
        Compatible = config.Compatible;
        Master = master;
        MemoryRegions = memoryRegions;
        _strings = config.StringProperties ?? new Dictionary<string, string>(StringComparer.Ordinal);
    }

    public string Name { get; }

    public string Compatible { get; }

    /// <summary>The bus master the device's DMA uses, or null for a device without DMA.</summary>
    public DeviceMaster? Master { get; }

    /// <summary>The IOMMU in front of the device, or null when it addresses memory physically.</summary>
    public RkIommu? Iommu => Master?.Iommu;

    /// <summary>The regions of its <c>memory-region</c> property.</summary>
    public IReadOnlyList<ReservedMemoryRegion> MemoryRegions { get; }

    /// <summary>of_property_read_string: the value of string property <paramref name="name"/>, or null when absent.</summary>
    public string? ReadStringProperty(string name) => _strings.TryGetValue(name, out var value) ? value : null;

    public override string ToString() => Name;
}
