using Protmem.Kernel.Base;

namespace Protmem.Kernel.Iommu;

/// <summary>
/// An IOMMU driver as the core sees it (<c>struct iommu_ops</c>). The driver registers each instance it
/// probes (<see cref="IommuSubsystem.DeviceRegister"/>); the core then probes the devices whose
/// <c>iommus</c> name that instance, and gives each group its default domain.
/// </summary>
public interface IIommuOps
{
    /// <summary>pgsize_bitmap: the page sizes its domains map, one bit per size.</summary>
    ulong PgsizeBitmap { get; }

    /// <summary>capable: whether the IOMMU in front of <paramref name="device"/> has <paramref name="cap"/>. Optional (false).</summary>
    bool Capable(PlatformDevice device, IommuCap cap) => false;

    /// <summary>of_xlate: the device's <c>iommus</c> entry names <paramref name="iommu"/>; the driver records it. 0 or -errno.</summary>
    int OfXlate(PlatformDevice device, IommuDevice iommu);

    /// <summary>probe_device: the instance <paramref name="device"/> sits behind, or null (-ENODEV) when it is not one of the driver's.</summary>
    IommuDevice? ProbeDevice(PlatformDevice device);

    /// <summary>release_device: the device leaves the IOMMU; undoes <see cref="OfXlate"/> and <see cref="ProbeDevice"/> (the core calls it when probing fails after of_xlate).</summary>
    void ReleaseDevice(PlatformDevice device);

    /// <summary>device_group: the group of devices that share <paramref name="device"/>'s translation.</summary>
    IommuGroup DeviceGroup(PlatformDevice device);

    /// <summary>domain_alloc_paging: a new empty paging domain for <paramref name="device"/>'s IOMMU, or null when out of memory.</summary>
    IIommuDomainOps? DomainAllocPaging(PlatformDevice device, IommuDomainGeometry geometry);
}
