using Protmem.Hardware;

namespace Protmem.Kernel.Iommu;

/// <summary>
/// The configuration of a page table (<c>struct io_pgtable_cfg</c>): what the driver asks for (page sizes,
/// input and output address bits, its TLB callbacks), and what the format fills in (the root the IOMMU
/// is pointed at, <see cref="Ttbr"/>).
/// </summary>
public sealed class IoPgtableCfg
{
    /// <summary>pgsize_bitmap: the page sizes the table maps; the format keeps only those it supports.</summary>
    public ulong PgsizeBitmap { get; set; }

    /// <summary>ias: input (IOVA) address bits.</summary>
    public int Ias { get; set; }

    /// <summary>oas: output (physical) address bits.</summary>
    public int Oas { get; set; }

    /// <summary>tlb: the driver's TLB maintenance, called by unmap.</summary>
    public required IIommuFlushOps Tlb { get; init; }

    /// <summary>The table's root (the directory page), set by the format at allocation: what the IOMMU's base register takes.</summary>
    public PhysAddr Ttbr { get; internal set; }
}
