using Protmem.Kernel.Core;

namespace Protmem.Kernel.Mm;

/// <summary>
/// A contiguous memory allocator area (mm/cma.c): a pfn range from the board's reusable reserved
/// memory, lent to the buddy allocator for movable pages while no device needs it and taken back,
/// migrating those pages away, when one does. A bitmap with one bit per 2^<see cref="OrderPerBit"/>
/// pages records what the area has handed out.
/// <para>Lifecycle:</para>
/// <list type="number">
/// <item>Reserve: the board declares the range (a <c>shared-dma-pool</c> with <c>reusable</c>); the constructor takes it (cma_init_reserved_mem).</item>
/// <item>Activate: the constructor gives its pageblocks to the buddy allocator as MIGRATE_CMA free pages (cma_activate_area).</item>
/// <item>Lend: movable allocations use those pages meanwhile (user and anonymous memory can sit in CMA).</item>
/// <item>Allocate: <see cref="Alloc"/> finds a free aligned run in the bitmap and takes it back from the buddy allocator (alloc_contig_range), migrating movable blocks; a pinned page sends it to the next aligned run.</item>
/// <item>Release: <see cref="Release"/>, paired with <see cref="Alloc"/>, returns the pages to the buddy allocator as MIGRATE_CMA free pages.</item>
/// </list>
/// Costs: the area reports what it did (<see cref="CmaAllocResult"/>); the caller charges the time.
/// </summary>
public sealed class CmaArea
{
    /// <summary><c>CONFIG_CMA_ALIGNMENT</c>: the largest alignment order dma-contiguous and the CMA heap ask for.</summary>
    public const int ConfigCmaAlignment = 8;

    /// <summary>The largest alignment order <see cref="Alloc"/> accepts (2^32 pages, 16 TiB: beyond any area).</summary>
    public const int MaxAlignOrder = 32;

    private readonly BuddyAllocator _buddy;
    private readonly ulong[] _bitmap;
    private readonly long _bitmapMaxNo;

    /// <summary>Reserves <paramref name="range"/> and activates it in <paramref name="buddy"/>.</summary>
    /// <exception cref="ArgumentException">The range is not pageblock aligned, not in one bank, or overlaps another area.</exception>
    public CmaArea(BuddyAllocator buddy, string name, PfnRange range, int orderPerBit = 0)
    {
        ArgumentNullException.ThrowIfNull(buddy);
        ArgumentException.ThrowIfNullOrEmpty(name);
        if ((uint)orderPerBit > BuddyAllocator.PageblockOrder)
        {
            throw new ArgumentOutOfRangeException(nameof(orderPerBit), orderPerBit, $"order_per_bit must be 0..{BuddyAllocator.PageblockOrder}");
        }

        buddy.InitCmaReservedRange(range);
        _buddy = buddy;
        Name = name;
        Range = range;
        OrderPerBit = orderPerBit;
        _bitmapMaxNo = (long)(range.Count >> orderPerBit);
        _bitmap = new ulong[Bitmap.WordsFor(_bitmapMaxNo)];
    }

    /// <summary>The area's name (the reserved-memory node's).</summary>
    public string Name { get; }

    /// <summary>The pages of the area.</summary>
    public PfnRange Range { get; }

    /// <summary>log2 of the pages one bitmap bit stands for.</summary>
    public int OrderPerBit { get; }

    /// <summary>Pages whose bitmap bits are clear: what <see cref="Alloc"/> can still hand out.</summary>
    public ulong AvailablePages => (ulong)(_bitmapMaxNo - Bitmap.CountSet(_bitmap)) << OrderPerBit;

    /// <summary>
    /// Allocates <paramref name="count"/> contiguous pages whose first pfn is aligned to
    /// 2^<paramref name="align"/> pages (cma_alloc). Tries each free aligned run of the bitmap in
    /// address order; a run holding a pinned or unmovable page is skipped for the next aligned one.
    /// </summary>
    public CmaAllocResult Alloc(ulong count, int align)
    {
        if ((uint)align > MaxAlignOrder)
        {
            throw new ArgumentOutOfRangeException(nameof(align), align, $"align is an order, 0..{MaxAlignOrder}");
        }

        var bitmapCount = count <= Range.Count ? PagesToBits(count) : long.MaxValue;
        if (count == 0 || bitmapCount > _bitmapMaxNo)
        {
            return new CmaAllocResult(CmaAllocStatus.NoSpace, 0, 0, 0, 0, 0);
        }

        var mask = align <= OrderPerBit ? 0 : (1L << (align - OrderPerBit)) - 1;
        var offset = (long)((Range.StartPfn & ((1UL << align) - 1)) >> OrderPerBit);
        long start = 0;
        ulong migrated = 0;
        var tried = 0;
        var busy = 0;
        while (true)
        {
            var bitmapNo = Bitmap.FindNextZeroArea(_bitmap, _bitmapMaxNo, start, bitmapCount, mask, offset);
            if (bitmapNo < 0)
            {
                return new CmaAllocResult(busy > 0 ? CmaAllocStatus.Busy : CmaAllocStatus.NoSpace, 0, 0, migrated, tried, busy);
            }

            Bitmap.SetRange(_bitmap, bitmapNo, bitmapCount);
            var pfn = Range.StartPfn + ((ulong)bitmapNo << OrderPerBit);
            tried++;
            var outcome = _buddy.AllocContigRange(new PfnRange(pfn, count));
            migrated += outcome.MigratedPages;
            if (outcome.Status == ContigStatus.Allocated)
            {
                return new CmaAllocResult(CmaAllocStatus.Allocated, pfn, count, migrated, tried, busy);
            }

            Bitmap.ClearRange(_bitmap, bitmapNo, bitmapCount);
            if (outcome.Status == ContigStatus.NoMemory)
            {
                return new CmaAllocResult(CmaAllocStatus.NoMemory, 0, 0, migrated, tried, busy);
            }

            busy++;
            start = bitmapNo + mask + 1;
        }
    }

    /// <summary>
    /// Returns <paramref name="count"/> pages at <paramref name="pfn"/> (cma_release); paired with
    /// <see cref="Alloc"/>. False when the pages are not this area's, as Linux answers.
    /// </summary>
    /// <exception cref="KernelOopsException">The pages are the area's but were not allocated.</exception>
    public bool Release(ulong pfn, ulong count)
    {
        if (count == 0 || pfn < Range.StartPfn || pfn >= Range.EndPfn)
        {
            return false;
        }

        if (count > Range.EndPfn - pfn)
        {
            throw new KernelOopsException("a CMA release lies inside its area", $"{Name}: pfn 0x{pfn:x} + {count} pages ends past {Range}");
        }

        var bitmapNo = (long)((pfn - Range.StartPfn) >> OrderPerBit);
        var bitmapCount = PagesToBits(count);
        if (((pfn - Range.StartPfn) & ((1UL << OrderPerBit) - 1)) != 0 || !Bitmap.IsRangeSet(_bitmap, bitmapNo, bitmapCount))
        {
            throw new KernelOopsException("a CMA area releases only pages it allocated", $"{Name}: pfn 0x{pfn:x} + {count} pages");
        }

        _buddy.FreeContigRange(new PfnRange(pfn, count));
        Bitmap.ClearRange(_bitmap, bitmapNo, bitmapCount);
        return true;
    }

    /// <summary>Checks that every page the bitmap says is allocated is out of the buddy allocator's free lists.</summary>
    public void AssertInvariants()
    {
        for (var bit = Bitmap.FindNextBit(_bitmap, _bitmapMaxNo, 0); bit < _bitmapMaxNo; bit = Bitmap.FindNextBit(_bitmap, _bitmapMaxNo, bit + 1))
        {
            var pfn = Range.StartPfn + ((ulong)bit << OrderPerBit);
            if (_buddy.IsPageFree(pfn))
            {
                throw new KernelOopsException("a page the CMA bitmap marks allocated is not free in the buddy allocator", $"{Name}: pfn 0x{pfn:x}");
            }
        }

        for (var pfn = Range.StartPfn; pfn < Range.EndPfn; pfn += 1UL << BuddyAllocator.PageblockOrder)
        {
            if (_buddy.GetPageblockMigratetype(pfn) != MigrateType.Cma)
            {
                throw new KernelOopsException("every pageblock of a CMA area is MIGRATE_CMA", $"{Name}: pfn 0x{pfn:x}");
            }
        }
    }

    private long PagesToBits(ulong pages) => (long)((pages + (1UL << OrderPerBit) - 1) >> OrderPerBit);
}
