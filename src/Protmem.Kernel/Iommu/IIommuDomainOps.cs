using Protmem.Hardware;
using Protmem.Hardware.Iommu;
using Protmem.Kernel.Base;
using Protmem.Kernel.Core;

namespace Protmem.Kernel.Iommu;

/// <summary>
/// What an IOMMU driver does for one of its domains (<c>struct iommu_domain_ops</c>). The core calls
/// these; callers never do. Members with a body are optional ops (NULL in Linux): the body is what
/// the core does without them.
/// </summary>
public interface IIommuDomainOps
{
    /// <summary>attach_dev: translate <paramref name="device"/>'s DMA through this domain. 0 or -errno.</summary>
    int AttachDev(PlatformDevice device);

    /// <summary>
    /// map_pages: maps up to <paramref name="pgcount"/> pages of <paramref name="pgsize"/> bytes (one size of
    /// the domain's pgsize_bitmap, iova and paddr aligned to it); <paramref name="mapped"/> is what it mapped.
    /// </summary>
    int MapPages(ulong iova, PhysAddr paddr, ulong pgsize, ulong pgcount, IommuProt prot, out ulong mapped) =>
        throw new KernelOopsException("map_pages on a domain whose ops have none (the core maps paging domains only)");

    /// <summary>unmap_pages: unmaps up to <paramref name="pgcount"/> pages of <paramref name="pgsize"/>; the bytes unmapped (0 at an unmapped IOVA).</summary>
    ulong UnmapPages(ulong iova, ulong pgsize, ulong pgcount, IommuIotlbGather gather) =>
        throw new KernelOopsException("unmap_pages on a domain whose ops have none (the core unmaps paging domains only)");

    /// <summary>iova_to_phys: the physical address <paramref name="iova"/> translates to, or null (Linux: 0).</summary>
    PhysAddr? IovaToPhys(DeviceAddr iova) => null;

    /// <summary>flush_iotlb_all: drops every cached translation of this domain. Optional.</summary>
    void FlushIotlbAll()
    {
    }

    /// <summary>iotlb_sync: flushes what an unmap gathered. Optional: a driver that invalidates in unmap_pages has none.</summary>
    void IotlbSync(IommuIotlbGather gather)
    {
    }

    /// <summary>free: gives back everything the domain holds; it is attached nowhere.</summary>
    void Free();

    /// <summary>Page-table pages the domain holds (its root excluded). Model: accounting for the kernel's resource snapshot.</summary>
    int PgtablePages => 0;

    /// <summary>Checks the driver's state for this domain. Model: the whole-state checks.</summary>
    void AssertInvariants()
    {
    }
}
