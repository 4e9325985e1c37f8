namespace Protmem.Kernel.Mm;

/// <summary>How alloc_contig_range ended.</summary>
internal enum ContigStatus
{
    /// <summary>The range is held by the caller.</summary>
    Allocated,

    /// <summary>A page in the range is pinned, unmovable or already held (-EBUSY): try another range.</summary>
    Busy,

    /// <summary>No free block was left to migrate a movable block into (-ENOMEM).</summary>
    NoMemory,
}
