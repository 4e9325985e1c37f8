using Protmem.Hardware.Iommu;

namespace Protmem.Kernel.Iommu;

/// <summary>
/// An IOMMU instance as the IOMMU core knows it (<c>struct iommu_device</c>): a name and the hardware
/// registers its driver programs. Devices hold this handle, never the driver's hardware type.
/// </summary>
public sealed class IommuDevice
{
    internal IommuDevice(RkIommu hardware) => Hardware = hardware;

    /// <summary>The instance's name (its device-tree node).</summary>
    public string Name => Hardware.Name;

    /// <summary>The registers (for the IOMMU core and its driver only).</summary>
    internal RkIommu Hardware { get; }

    public override string ToString() => Name;
}
