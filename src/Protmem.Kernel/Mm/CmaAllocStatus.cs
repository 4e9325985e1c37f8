namespace Protmem.Kernel.Mm;

/// <summary>How a <see cref="CmaArea.Alloc"/> ended. Every failure is ENOMEM to a program.</summary>
public enum CmaAllocStatus
{
    /// <summary>The pages are the caller's.</summary>
    Allocated,

    /// <summary>The area's bitmap has no free run of the size and alignment (or the count was 0).</summary>
    NoSpace,

    /// <summary>Every free run of the bitmap held a pinned or unmovable page (alloc_contig_range: -EBUSY).</summary>
    Busy,

    /// <summary>A movable block could not migrate: no free block was left to move it to (-ENOMEM).</summary>
    NoMemory,
}
