namespace Protmem.Kernel.Mm;

/// <summary>
/// What a CMA allocation did, for the caller to charge: the area itself never touches the clock.
/// The caller charges the "CMA allocation" cost of spec/costs.md once per call (success or not), and
/// may charge a CPU memcpy of <see cref="MigratedPages"/> pages for the content the owners copied.
/// </summary>
/// <param name="Status">Allocated, or why not.</param>
/// <param name="Pfn">First page frame of the allocation (0 when it failed).</param>
/// <param name="Count">Pages allocated (the request, when it succeeded; 0 otherwise).</param>
/// <param name="MigratedPages">Pages of movable blocks moved out of the tried ranges, counted even when the call failed.</param>
/// <param name="RangesTried">Aligned bitmap ranges handed to alloc_contig_range.</param>
/// <param name="BusyRanges">Ranges given up because a page in them was pinned or unmovable.</param>
public readonly record struct CmaAllocResult(
    CmaAllocStatus Status,
    ulong Pfn,
    ulong Count,
    ulong MigratedPages,
    int RangesTried,
    int BusyRanges)
{
    /// <summary>True when the pages are the caller's.</summary>
    public bool Succeeded => Status == CmaAllocStatus.Allocated;
}
