namespace Protmem.Hardware.Iommu;

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
