using Protmem.Kernel.Core;

namespace Protmem.Kernel.Mm;

/// <summary>
/// Linux's page allocator (mm/page_alloc.c): a binary buddy system over one or more banks of page
/// frames, orders 0 to <see cref="MaxOrder"/>, one free list per (order, migratetype), blocks split on
/// allocation and merged with their buddy on free. Pageblocks (2^<see cref="PageblockOrder"/> pages)
/// carry a migratetype; pageblocks of a CMA area are <see cref="MigrateType.Cma"/> and serve movable
/// requests only. Works in page frame numbers; it never touches the clock: callers charge time.
/// <para>Lifecycle:</para>
/// <list type="number">
/// <item>Boot: the constructor frees every page of every bank as maximal aligned blocks in movable pageblocks (memmap_init).</item>
/// <item>CMA activation: a <see cref="CmaArea"/> retypes its pageblocks to MIGRATE_CMA (cma_activate_area).</item>
/// <item>Allocate: <see cref="TryAllocPages"/> takes the lowest free block of the smallest fitting order, splitting larger ones (expand).</item>
/// <item>Pin: <see cref="PinPages"/> keeps a movable block in place while a device uses it; paired with <see cref="UnpinPages"/>.</item>
/// <item>Free: <see cref="FreePages"/>, paired with <see cref="TryAllocPages"/>, merges the block with free buddies up to MAX_ORDER.</item>
/// <item>Contiguous ranges: alloc_contig_range claims a pfn range for CMA, migrating movable blocks out; free_contig_range returns it.</item>
/// </list>
/// Order-0 pages pass through per-cpu lists (one CPU) as in Linux; see BuddyAllocator.Pcp.cs.
/// Not modelled: watermarks and reclaim (an allocation fails only when no free block fits; it drains
/// the per-cpu lists and retries once), per-cpu lists above order 0, MIGRATE_RECLAIMABLE and
/// HIGHATOMIC, compaction, NUMA nodes and zones (all banks form one zone). Free lists are
/// address-ordered (the lowest block is handed out first) where Linux's are LIFO.
/// </summary>
public sealed partial class BuddyAllocator
{
    /// <summary>The largest block order (<c>MAX_PAGE_ORDER</c>): 2^10 pages, 4 MiB.</summary>
    public const int MaxOrder = 10;

    /// <summary>Order of a pageblock, the unit that carries a migratetype: 2 MiB, as arm64 with 4 KiB pages.</summary>
    public const int PageblockOrder = 9;

    private const int OrderCount = MaxOrder + 1;
    private const int TypeCount = 3;
    private const int MaxIndexSpace = 1 << 30;

    private readonly Bank[] _banks;
    private readonly int _indexSpace;
    private readonly FreeArea[] _areas;
    private readonly ulong[][] _allocated;
    private readonly ulong[] _contig;
    private readonly MigrateType[] _pageblockType;
    private readonly Dictionary<int, MovableBlock> _movable = [];
    private readonly long[] _freeByType = new long[TypeCount];
    private readonly ulong[] _bootBuddyInfo;

    /// <summary>
    /// Boots the allocator over <paramref name="banks"/>: every page is free, every pageblock movable.
    /// <paramref name="perCpuPages"/> turns the order-0 per-cpu lists on (the default, as Linux) or off
    /// (every free goes straight to the buddy lists, which makes buddyinfo exact after each call).
    /// </summary>
    /// <exception cref="ArgumentException">The banks are empty, overlap, or wrap the pfn space.</exception>
    public BuddyAllocator(IEnumerable<PfnRange> banks, bool perCpuPages = true)
    {
        ArgumentNullException.ThrowIfNull(banks);
        var sorted = Coalesce(banks.OrderBy(b => b.StartPfn));
        if (sorted.Length == 0)
        {
            throw new ArgumentException("the buddy allocator needs at least one bank", nameof(banks));
        }

        _banks = new Bank[sorted.Length];
        long next = 0;
        for (var i = 0; i < sorted.Length; i++)
        {
            var range = sorted[i];
            if (range.Count == 0 || range.StartPfn + range.Count < range.StartPfn)
            {
                throw new ArgumentException($"bank {range} is empty or wraps the pfn space", nameof(banks));
            }

            if (i > 0 && range.StartPfn < sorted[i - 1].EndPfn)
            {
                throw new ArgumentException($"banks {sorted[i - 1]} and {range} overlap", nameof(banks));
            }

            // A bank's index keeps its pfn's alignment modulo 2^MAX_ORDER, so buddies in index space are buddies in pfn space.
            var indexBase = AlignUp(next, 1L << MaxOrder) + (long)(range.StartPfn & ((1UL << MaxOrder) - 1));
            next = indexBase + (long)range.Count;
            if (next > MaxIndexSpace)
            {
                throw new NotSupportedException($"more than {MaxIndexSpace} pages in one buddy allocator is not modelled");
            }

            _banks[i] = new Bank(range.StartPfn, range.Count, (int)indexBase);
        }

        _indexSpace = (int)AlignUp(next, 1L << MaxOrder);
        _areas = new FreeArea[TypeCount * OrderCount];
        for (var type = 0; type < TypeCount; type++)
        {
            for (var order = 0; order <= MaxOrder; order++)
            {
                _areas[(type * OrderCount) + order] = new FreeArea(_indexSpace >> order);
            }
        }

        _allocated = new ulong[OrderCount][];
        for (var order = 0; order <= MaxOrder; order++)
        {
            _allocated[order] = new ulong[((_indexSpace >> order) + 63) >> 6];
        }

        _contig = new ulong[(_indexSpace + 63) >> 6];
        _pageblockType = new MigrateType[_indexSpace >> PageblockOrder];
        Array.Fill(_pageblockType, MigrateType.Movable);
        foreach (var bank in _banks)
        {
            TotalPages += bank.Count;
            FreeRange(bank.IndexBase, bank.IndexBase + (int)bank.Count);
        }

        _bootBuddyInfo = GetBuddyInfo();
        PcpBatch = perCpuPages ? ZoneBatchSize(TotalPages) : 0;
        PcpHigh = 6 * PcpBatch;
        _pcp = [new PcpList(PcpHigh + PcpBatch), new PcpList(PcpHigh + PcpBatch)];
        _onPcp = new ulong[_contig.Length];
    }

    /// <summary>The banks the allocator manages, in pfn order, touching banks joined.</summary>
    public IReadOnlyList<PfnRange> Banks => [.. _banks.Select(b => new PfnRange(b.StartPfn, b.Count))];

    /// <summary>Pages in all banks.</summary>
    public ulong TotalPages { get; }

    /// <summary>Free pages of every migratetype (<c>NR_FREE_PAGES</c>).</summary>
    public ulong NrFreePages => (ulong)(_freeByType[0] + _freeByType[1] + _freeByType[2]);

    /// <summary>Free pages in CMA pageblocks (<c>NR_FREE_CMA_PAGES</c>).</summary>
    public ulong NrFreeCmaPages => (ulong)_freeByType[(int)MigrateType.Cma];

    /// <summary>Pages given to CMA areas (<c>totalcma_pages</c>).</summary>
    public ulong TotalCmaPages { get; private set; }

    /// <summary>Free blocks per order over all migratetypes, as one line of /proc/buddyinfo.</summary>
    public ulong[] GetBuddyInfo()
    {
        var info = new ulong[OrderCount];
        for (var order = 0; order <= MaxOrder; order++)
        {
            for (var type = 0; type < TypeCount; type++)
            {
                info[order] += (ulong)_areas[(type * OrderCount) + order].Count;
            }
        }

        return info;
    }

    /// <summary>The buddyinfo line right after boot, before any allocation or CMA activation.</summary>
    public IReadOnlyList<ulong> BootBuddyInfo => _bootBuddyInfo;

    /// <summary>Free blocks of one order and migratetype, as /proc/pagetypeinfo shows them.</summary>
    public ulong FreeBlockCount(int order, MigrateType migratetype)
    {
        CheckOrder(order);
        return (ulong)_areas[((int)migratetype * OrderCount) + order].Count;
    }

    /// <summary>The migratetype of the pageblock holding <paramref name="pfn"/> (<c>get_pageblock_migratetype</c>).</summary>
    public MigrateType GetPageblockMigratetype(ulong pfn) => _pageblockType[IndexOfOrThrow(pfn, nameof(pfn)) >> PageblockOrder];

    /// <summary>True when <paramref name="pfn"/> lies in a free block or waits on a per-cpu list.</summary>
    public bool IsPageFree(ulong pfn) => Describe(IndexOfOrThrow(pfn, nameof(pfn))).Kind is BlockKind.Free or BlockKind.PerCpu;

    /// <summary>
    /// Allocates 2^<paramref name="order"/> contiguous, naturally aligned pages (<c>alloc_pages</c>).
    /// Unmovable requests take no owner; movable requests name the owner that is told when the block
    /// moves (<see cref="IMovablePageOwner"/>). Returns false when no free block fits (ENOMEM).
    /// </summary>
    public bool TryAllocPages(int order, MigrateType migratetype, IMovablePageOwner? owner, out ulong pfn)
    {
        CheckRequest(order, migratetype, owner);
        var index = order == 0 && PcpBatch > 0 ? RmQueuePcp(migratetype) : RmQueue(order, migratetype);
        if (index < 0 && PcpPages > 0)
        {
            // The slow path drains the per-cpu lists and tries again, as __alloc_pages_slowpath does.
            DrainAllPages();
            index = RmQueue(order, migratetype);
        }

        if (index < 0)
        {
            pfn = 0;
            return false;
        }

        MarkAllocated(index, order);
        if (owner is not null)
        {
            _movable.Add(index, new MovableBlock(owner, order));
        }

        pfn = PfnOf(index);
        return true;
    }

    /// <summary>As <see cref="TryAllocPages"/>, for callers to whom an empty allocator is a bug.</summary>
    /// <exception cref="InvalidOperationException">No free block of the order fits.</exception>
    public ulong AllocPages(int order, MigrateType migratetype, IMovablePageOwner? owner = null)
    {
        if (!TryAllocPages(order, migratetype, owner, out var pfn))
        {
            throw new KernelOopsException($"no free block of order {order} for a {migratetype} request ({NrFreePages} pages free)");
        }

        return pfn;
    }

    /// <summary>Frees a block (<c>__free_pages</c>); paired with <see cref="TryAllocPages"/>.</summary>
    /// <exception cref="KernelOopsException">A double free, a free of a block never allocated, a wrong order, or a pinned block.</exception>
    public void FreePages(ulong pfn, int order)
    {
        CheckOrder(order);
        var index = IndexOf(pfn);
        if (index < 0 || (index & ((1 << order) - 1)) != 0 || !IsAllocatedHead(index, order))
        {
            throw BadFree(pfn, order, index);
        }

        if (_movable.Count != 0 && _movable.TryGetValue(index, out var movable))
        {
            if (movable.PinCount != 0)
            {
                throw new KernelOopsException("a pinned block is not freed", $"pfn 0x{pfn:x} order {order} has {movable.PinCount} pins");
            }

            _movable.Remove(index);
        }

        ClearAllocated(index, order);
        if (order == 0 && PcpBatch > 0)
        {
            FreeToPcp(index);
        }
        else
        {
            FreeOneBlock(index, order);
        }
    }

    /// <summary>Pins the movable block holding <paramref name="pfn"/> (<c>pin_user_pages</c>): it cannot migrate until unpinned.</summary>
    public void PinPages(ulong pfn) => MovableBlockAt(pfn).PinCount++;

    /// <summary>Drops one pin; paired with <see cref="PinPages"/>.</summary>
    public void UnpinPages(ulong pfn)
    {
        var block = MovableBlockAt(pfn);
        if (block.PinCount == 0)
        {
            throw new KernelOopsException("a block is unpinned only while pinned", $"pfn 0x{pfn:x}");
        }

        block.PinCount--;
    }

    private bool IsAllocatedHead(int index, int order) => (_allocated[order][index >> order >> 6] & (1UL << (index >> order))) != 0;

    private void MarkAllocated(int index, int order) => _allocated[order][index >> order >> 6] |= 1UL << (index >> order);

    private void ClearAllocated(int index, int order) => _allocated[order][index >> order >> 6] &= ~(1UL << (index >> order));

    private MovableBlock MovableBlockAt(ulong pfn)
    {
        var place = Describe(IndexOfOrThrow(pfn, nameof(pfn)));
        if (place.Kind != BlockKind.Allocated || !_movable.TryGetValue(place.Head, out var block))
        {
            throw new KernelOopsException("only an allocated movable block is pinned or unpinned", $"pfn 0x{pfn:x} is {place.Kind}");
        }

        return block;
    }

    private int IndexOf(ulong pfn)
    {
        foreach (ref readonly var bank in _banks.AsSpan())
        {
            var offset = pfn - bank.StartPfn;
            if (offset < bank.Count)
            {
                return bank.IndexBase + (int)offset;
            }
        }

        return -1;
    }

    private int IndexOfOrThrow(ulong pfn, string paramName)
    {
        var index = IndexOf(pfn);
        return index >= 0 ? index : throw new ArgumentOutOfRangeException(paramName, $"pfn 0x{pfn:x} is in no bank of this allocator");
    }

    private ulong PfnOf(int index)
    {
        foreach (ref readonly var bank in _banks.AsSpan())
        {
            var offset = (ulong)(uint)(index - bank.IndexBase);
            if (offset < bank.Count)
            {
                return bank.StartPfn + offset;
            }
        }

        throw new KernelOopsException("every page index handed out lies in a bank", $"index {index}");
    }

    private static void CheckOrder(int order)
    {
        if ((uint)order > MaxOrder)
        {
            throw new ArgumentOutOfRangeException(nameof(order), order, $"order must be 0..{MaxOrder}");
        }
    }

    private static void CheckRequest(int order, MigrateType migratetype, IMovablePageOwner? owner)
    {
        CheckOrder(order);
        switch (migratetype)
        {
            case MigrateType.Unmovable when owner is not null:
                throw new ArgumentException("an unmovable allocation has no migration owner", nameof(owner));
            case MigrateType.Unmovable:
                break;
            case MigrateType.Movable when owner is null:
                throw new ArgumentNullException(nameof(owner), "a movable allocation names the owner told when it moves");
            case MigrateType.Movable:
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(migratetype), migratetype, "requests are Unmovable or Movable");
        }
    }

    // Banks that touch are one range to the allocator, so buddies merge across the seam as in one zone.
    private static PfnRange[] Coalesce(IEnumerable<PfnRange> sorted)
    {
        var result = new List<PfnRange>();
        foreach (var range in sorted)
        {
            if (result.Count > 0 && result[^1].EndPfn == range.StartPfn && range.Count != 0)
            {
                result[^1] = result[^1] with { Count = result[^1].Count + range.Count };
            }
            else
            {
                result.Add(range);
            }
        }

        return [.. result];
    }

    private static long AlignUp(long value, long alignment) => (value + alignment - 1) & ~(alignment - 1);

    private readonly record struct Bank(ulong StartPfn, ulong Count, int IndexBase);

    private sealed class MovableBlock(IMovablePageOwner owner, int order)
    {
        public IMovablePageOwner Owner { get; } = owner;

        public int Order { get; } = order;

        public int PinCount { get; set; }
    }
}
