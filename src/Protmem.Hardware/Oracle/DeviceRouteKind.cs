using Protmem.Hardware.Bus;
using Protmem.Hardware.Iommu;
using Protmem.Hardware.Mmu;

namespace Protmem.Hardware.Oracle;

/// <summary>How a device's address reaches a physical page.</summary>
public enum DeviceRouteKind
{
    /// <summary>The device has no IOMMU: its addresses are physical.</summary>
    Physical,

    /// <summary>Its IOMMU has paging disabled (detached, identity): addresses below 4 GiB pass through.</summary>
    PassThrough,

    /// <summary>A valid PTE in the tables the IOMMU's DTE_ADDR points at.</summary>
    Mapped,

    /// <summary>An IOTLB line that no longer matches the tables (a missing zap): it still translates.</summary>
    StaleIotlb,
}
