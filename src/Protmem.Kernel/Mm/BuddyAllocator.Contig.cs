using Protmem.Kernel.Core;

namespace Protmem.Kernel.Mm;

/// <summary>
/// Contiguous pfn ranges (alloc_contig_range, free_contig_range) and CMA activation: the buddy
/// allocator's side of <see cref="CmaArea"/>.
/// </summary>
public sealed partial class BuddyAllocator
{
    /// <summary>
    /// Gives [start, start + count) to a CMA area (cma_activate_area): every pageblock becomes
    /// MIGRATE_CMA, so its free pages serve only movable requests. The range must be pageblock
    /// aligned, lie in one bank, belong to no other area and be entirely free (done at boot).
    /// </summary>
    internal void InitCmaReservedRange(PfnRange range)
    {
        if ((range.StartPfn | range.Count) % PageblockPages != 0 || range.Count == 0)
        {
            throw new ArgumentException($"CMA range {range} is not a non-empty multiple of {PageblockPages}-page pageblocks", nameof(range));
        }

        var start = RangeIndex(range, nameof(range));
        var end = start + (int)range.Count;
        DrainAllPages();
        for (var pageblock = start >> PageblockOrder; pageblock < end >> PageblockOrder; pageblock++)
        {
            if (_pageblockType[pageblock] == MigrateType.Cma)
            {
                throw new ArgumentException($"CMA range {range} overlaps another CMA area", nameof(range));
            }
        }

        var low = start;
        var high = end;
        for (var index = start; index < end;)
        {
            var place = Describe(index);
            if (place.Kind != BlockKind.Free)
            {
                throw new KernelOopsException("a CMA area is activated over free pages only", $"pfn 0x{PfnOf(index):x} is {place.Kind}");
            }

            index = place.Head + (1 << place.Order);
        }

        for (var index = start; index < end;)
        {
            var place = Describe(index);
            RemoveFree(place.Head, place.Order);
            low = Math.Min(low, place.Head);
            high = Math.Max(high, place.Head + (1 << place.Order));
            index = place.Head + (1 << place.Order);
        }

        for (var pageblock = start >> PageblockOrder; pageblock < end >> PageblockOrder; pageblock++)
        {
            _pageblockType[pageblock] = MigrateType.Cma;
        }

        FreeRange(low, high);
        TotalCmaPages += range.Count;
    }

    /// <summary>
    /// Takes [start, start + count) out of the allocator for a contiguous allocation
    /// (alloc_contig_range). Free pages are claimed; movable blocks are migrated: a new block is
    /// allocated outside the range and the owner is told to move. A pinned, unmovable or already
    /// held page makes the range busy, and nothing changes. When no page is left to migrate into,
    /// the range is given back (blocks already moved stay moved) and the result says so.
    /// </summary>
    internal ContigOutcome AllocContigRange(PfnRange range)
    {
        var start = RangeIndex(range, nameof(range));
        var end = start + (int)range.Count;
        DrainAllPages();
        var toMigrate = new List<int>();
        for (var index = start; index < end;)
        {
            var place = Describe(index);
            switch (place.Kind)
            {
                case BlockKind.Free:
                    break;
                case BlockKind.Allocated when _movable.TryGetValue(place.Head, out var movable) && movable.PinCount == 0:
                    toMigrate.Add(place.Head);
                    break;
                default:
                    return new ContigOutcome(ContigStatus.Busy, 0, PfnOf(index));
            }

            index = place.Head + (1 << place.Order);
        }

        // Isolate: the free pages inside the range are held; the parts of their blocks outside go back.
        for (var index = start; index < end;)
        {
            var place = Describe(index);
            var blockEnd = place.Head + (1 << place.Order);
            if (place.Kind == BlockKind.Free)
            {
                RemoveFree(place.Head, place.Order);
                HoldAndReturnOutside(place.Head, blockEnd, start, end);
            }

            index = blockEnd;
        }

        ulong migratedPages = 0;
        foreach (var head in toMigrate)
        {
            var movable = _movable[head];
            var order = movable.Order;
            var target = RmQueue(order, MigrateType.Movable);
            if (target < 0)
            {
                ReleaseHeld(start, end);
                return new ContigOutcome(ContigStatus.NoMemory, migratedPages, PfnOf(head));
            }

            MarkAllocated(target, order);
            _movable.Remove(head);
            _movable.Add(target, movable);
            movable.Owner.MigratePages(PfnOf(head), PfnOf(target), order);
            ClearAllocated(head, order);
            HoldAndReturnOutside(head, head + (1 << order), start, end);
            migratedPages += 1UL << order;
        }

        return new ContigOutcome(ContigStatus.Allocated, migratedPages, 0);
    }

    /// <summary>Returns pages taken by <see cref="AllocContigRange"/> (free_contig_range); they merge as they go.</summary>
    internal void FreeContigRange(PfnRange range)
    {
        var start = RangeIndex(range, nameof(range));
        var end = start + (int)range.Count;
        for (var index = start; index < end; index++)
        {
            if (!IsHeld(index))
            {
                throw new KernelOopsException("free_contig_range returns only pages a contiguous allocation holds", $"pfn 0x{PfnOf(index):x} is {Describe(index).Kind}");
            }
        }

        ReleaseHeld(start, end);
    }

    private void HoldAndReturnOutside(int blockStart, int blockEnd, int start, int end)
    {
        for (var index = Math.Max(blockStart, start); index < Math.Min(blockEnd, end); index++)
        {
            _contig[index >> 6] |= 1UL << index;
        }

        if (blockStart < start)
        {
            FreeRange(blockStart, start);
        }

        if (blockEnd > end)
        {
            FreeRange(end, blockEnd);
        }
    }

    private void ReleaseHeld(int start, int end)
    {
        var index = start;
        while (index < end)
        {
            if (!IsHeld(index))
            {
                index++;
                continue;
            }

            var runStart = index;
            while (index < end && IsHeld(index))
            {
                _contig[index >> 6] &= ~(1UL << index);
                index++;
            }

            FreeRange(runStart, index);
        }
    }

    private bool IsHeld(int index) => (_contig[index >> 6] & (1UL << index)) != 0;

    private int RangeIndex(PfnRange range, string paramName)
    {
        var start = IndexOf(range.StartPfn);
        if (range.Count == 0 || range.Count > MaxIndexSpace || start < 0 || range.EndPfn < range.StartPfn || IndexOf(range.EndPfn - 1) != start + (int)(range.Count - 1))
        {
            throw new ArgumentOutOfRangeException(paramName, $"pfn range {range} is empty or not inside one bank");
        }

        return start;
    }
}
