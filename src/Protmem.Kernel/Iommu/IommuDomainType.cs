namespace Protmem.Kernel.Iommu;

/// <summary>The kind of an IOMMU domain (include/linux/iommu.h, <c>IOMMU_DOMAIN_*</c>).</summary>
public enum IommuDomainType
{
    /// <summary>IOMMU_DOMAIN_BLOCKED: every DMA is refused.</summary>
    Blocked = 0,

    /// <summary>IOMMU_DOMAIN_IDENTITY: DMA addresses are physical addresses (translation off).</summary>
    Identity = 1,

    /// <summary>IOMMU_DOMAIN_UNMANAGED: a paging domain its driver maps itself (iommu_paging_domain_alloc).</summary>
    Unmanaged = 2,

    /// <summary>IOMMU_DOMAIN_DMA: the default paging domain the DMA API allocates IOVAs in.</summary>
    Dma = 3,
}
