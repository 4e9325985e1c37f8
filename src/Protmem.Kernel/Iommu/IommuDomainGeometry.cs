namespace Protmem.Kernel.Iommu;

/// <summary>
/// The IOVA window a domain translates (<c>struct iommu_domain_geometry</c>). Its driver fills it in at
/// domain_alloc_paging; the DMA API allocates IOVAs only inside it.
/// </summary>
public sealed class IommuDomainGeometry
{
    /// <summary>aperture_start: the first IOVA the domain translates.</summary>
    public ulong ApertureStart { get; set; }

    /// <summary>aperture_end: the last IOVA the domain translates, inclusive.</summary>
    public ulong ApertureEnd { get; set; }

    /// <summary>force_aperture: DMA outside the aperture is not translated.</summary>
    public bool ForceAperture { get; set; }
}
