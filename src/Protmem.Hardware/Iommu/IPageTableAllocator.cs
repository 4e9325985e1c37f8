namespace Protmem.Hardware.Iommu;

/// <summary>
/// Where page-table pages come from: the owner of a page table passes its allocator (the kernel
/// passes its page allocator). Pages handed out need not be zeroed; the format zeroes them.
/// </summary>
public interface IPageTableAllocator
{
    /// <summary>One 4 KiB page of DRAM, or false when none is left. Paired with <see cref="FreePage"/>.</summary>
    bool TryAllocPage(out PhysAddr page);

    /// <summary>Gives back a page from <see cref="TryAllocPage"/>.</summary>
    void FreePage(PhysAddr page);
}
