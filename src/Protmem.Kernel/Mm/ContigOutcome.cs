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

/// <summary>The outcome of alloc_contig_range: status, pages migrated (even on failure), and the pfn that stopped it.</summary>
internal readonly record struct ContigOutcome(ContigStatus Status, ulong MigratedPages, ulong BlockingPfn);
