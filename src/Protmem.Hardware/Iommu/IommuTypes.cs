namespace Protmem.Hardware.Iommu;

/// <summary>Access rights of an IOMMU mapping (Linux's IOMMU_READ / IOMMU_WRITE).</summary>
[Flags]
public enum IommuProt
{
    None = 0,
    Read = 1,
    Write = 2,
    ReadWrite = Read | Write,
}

/// <summary>The outcome of <see cref="RkIommuPageTable.Map"/>; the kernel turns it into an errno.</summary>
public enum IommuMapResult
{
    /// <summary>Mapped (0).</summary>
    Success = 0,

    /// <summary>A page in the range was already mapped; what this call mapped has been unwound (-EADDRINUSE).</summary>
    AddressInUse = 1,

    /// <summary>Unaligned, empty, or outside the 32-bit IOVA / 40-bit PA space (-EINVAL).</summary>
    InvalidArgument = 2,

    /// <summary>No page for a page table; what this call mapped has been unwound (-ENOMEM).</summary>
    OutOfMemory = 3,
}

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

/// <summary>A page fault raised by an IOMMU bank.</summary>
/// <param name="Time">Simulated nanoseconds.</param>
/// <param name="Iommu">The instance's name.</param>
/// <param name="Bank">The bank that faulted.</param>
/// <param name="Iova">The faulting device address (PAGE_FAULT_ADDR).</param>
/// <param name="Direction">Read or write (STATUS bit 5).</param>
/// <param name="Master">The device master whose access faulted, when known.</param>
public sealed record IommuFault(ulong Time, string Iommu, int Bank, DeviceAddr Iova, AccessDirection Direction, string? Master);

/// <summary>One run of contiguous translations found in a page table: [Iova, +Length) → [Phys, +Length).</summary>
public readonly record struct IommuMapping(DeviceAddr Iova, PhysAddr Phys, ulong Length, IommuProt Prot);
