namespace Protmem.Kernel.Iommu;

/// <summary>What an IOMMU may be asked it can do (<c>enum iommu_cap</c>, device_iommu_capable).</summary>
public enum IommuCap
{
    /// <summary>IOMMU_CAP_CACHE_COHERENCY: DMA is coherent with the CPU caches.</summary>
    CacheCoherency = 0,

    /// <summary>IOMMU_CAP_NOEXEC: IOMMU_NOEXEC is honoured.</summary>
    NoExec = 1,

    /// <summary>IOMMU_CAP_DEFERRED_FLUSH: the driver wants lazy IOTLB flushing.</summary>
    DeferredFlush = 2,
}
