using Protmem.Hardware;
using Protmem.Hardware.Iommu;

namespace Protmem.Kernel.Iommu;

/// <summary>
/// One page table of a format (<c>struct io_pgtable_ops</c>): what an IOMMU driver's map and unmap call.
/// Made by <see cref="IoPgtable.AllocIoPgtableOps"/>, given back with <see cref="IoPgtable.FreeIoPgtableOps"/>.
/// </summary>
public interface IIoPgtableOps
{
    /// <summary>
    /// map_pages: maps <paramref name="pgcount"/> pages of <paramref name="pgsize"/> from <paramref name="iova"/>
    /// to <paramref name="paddr"/>. 0, -EINVAL (a size the format lacks, misaligned, bad prot), -ERANGE (beyond
    /// ias/oas), -ENOMEM, or the format's error for an IOVA already mapped; on error nothing this call
    /// mapped stays mapped and <paramref name="mapped"/> is 0.
    /// </summary>
    int MapPages(ulong iova, PhysAddr paddr, ulong pgsize, ulong pgcount, IommuProt prot, out ulong mapped);

    /// <summary>unmap_pages: the bytes unmapped from <paramref name="iova"/>, stopping at the first unmapped page; each cleared leaf is reported to <see cref="IoPgtableCfg.Tlb"/>.</summary>
    ulong UnmapPages(ulong iova, ulong pgsize, ulong pgcount, IommuIotlbGather gather);

    /// <summary>iova_to_phys: the physical address, or null (Linux: 0).</summary>
    PhysAddr? IovaToPhys(DeviceAddr iova);

    /// <summary>The configuration it was made with (its <see cref="IoPgtableCfg.Ttbr"/> filled in).</summary>
    IoPgtableCfg Cfg { get; }

    /// <summary>Page-table pages in use, the root excluded. Model: accounting for the whole-state checks.</summary>
    int TablePageCount { get; }

    /// <summary>Checks the table's structure. Model: the whole-state checks.</summary>
    void AssertInvariants();

    /// <summary>Gives every page back (free_io_pgtable_ops calls it).</summary>
    void Free();
}
