namespace Protmem.Kernel.Iommu;

/// <summary>
/// The TLB maintenance a page-table format calls back into its IOMMU driver for
/// (<c>struct iommu_flush_ops</c>, held in <see cref="IoPgtableCfg.Tlb"/>).
/// </summary>
public interface IIommuFlushOps
{
    /// <summary>tlb_add_page: the leaf entry for [<paramref name="iova"/>, +<paramref name="granule"/>) was cleared; the TLB must forget it.</summary>
    void TlbAddPage(IommuIotlbGather gather, ulong iova, ulong granule);
}
