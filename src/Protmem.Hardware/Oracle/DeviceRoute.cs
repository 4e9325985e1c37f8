using Protmem.Hardware.Bus;
using Protmem.Hardware.Iommu;
using Protmem.Hardware.Mmu;

namespace Protmem.Hardware.Oracle;

/// <summary>
/// A device reaches [<see cref="Phys"/>) at device address <see cref="Iova"/> with <see cref="Prot"/>
/// (before the firewall; <see cref="PageReach.DeviceCanReach"/> and <see cref="AccessOracle.ReachableBy(DeviceMaster, AccessDirection)"/>
/// apply it).
/// </summary>
public readonly record struct DeviceRoute(DeviceMaster Device, DeviceRouteKind Kind, DeviceAddr Iova, PhysRange Phys, IommuProt Prot)
{
    /// <summary>The IOMMU on the route, if any.</summary>
    public RkIommu? Iommu => Device.Iommu;
}
