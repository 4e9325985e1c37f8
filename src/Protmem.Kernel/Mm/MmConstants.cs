namespace Protmem.Kernel.Mm;

/// <summary>
/// The page geometry the memory-management code is built on: 4 KiB pages, as on arm64 with
/// <c>CONFIG_ARM64_4K_PAGES</c>. Allocators speak in page frame numbers (pfn = physical address
/// &gt;&gt; <see cref="PageShift"/>) so the kernel can wrap them in typed physical addresses.
/// </summary>
public static class MmConstants
{
    /// <summary>log2 of the page size (<c>PAGE_SHIFT</c>).</summary>
    public const int PageShift = 12;

    /// <summary>Bytes per page (<c>PAGE_SIZE</c>).</summary>
    public const ulong PageSize = 1UL << PageShift;

    /// <summary>Mask of the in-page offset bits (<c>~PAGE_MASK</c>).</summary>
    public const ulong PageOffsetMask = PageSize - 1;

    /// <summary>Rounds <paramref name="value"/> up to a page boundary; 0 when it wraps, as <c>PAGE_ALIGN</c> does.</summary>
    public static ulong PageAlign(ulong value) => unchecked(value + PageOffsetMask) & ~PageOffsetMask;

    /// <summary>
    /// <c>get_order</c>: the smallest order whose block of 2^order pages holds <paramref name="size"/>
    /// bytes (0 for 0 or one page). Defined for every size (at most 52), so a size a program chose can
    /// never make it loop or overflow; the caller compares it with the largest order it serves.
    /// </summary>
    public static int GetOrder(ulong size) =>
        size <= PageSize ? 0 : 64 - System.Numerics.BitOperations.LeadingZeroCount((size - 1) >> PageShift);
}
