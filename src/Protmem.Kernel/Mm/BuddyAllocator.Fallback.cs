namespace Protmem.Kernel.Mm;

/// <summary>
/// The buddy allocator's fallback between migratetypes (__rmqueue_claim, __rmqueue_steal): when a
/// request's own free lists are empty it claims whole pageblocks of the other type where it can,
/// so that unmovable and movable pages stay grouped, and steals a single block where it cannot.
/// </summary>
public sealed partial class BuddyAllocator
{
    private const int PageblockPages = 1 << PageblockOrder;

    private int RmQueueFallback(int order, MigrateType migratetype)
    {
        var fallback = migratetype == MigrateType.Unmovable ? MigrateType.Movable : MigrateType.Unmovable;
        var fallbackBase = (int)fallback * OrderCount;

        // Claim: the largest fallback block first, so one steal moves a whole pageblock at once.
        for (var current = MaxOrder; current >= order; current--)
        {
            if (!ShouldTryClaimBlock(current, migratetype))
            {
                break;
            }

            var area = _areas[fallbackBase + current];
            if (area.Count == 0)
            {
                continue;
            }

            var claimed = TryClaimBlock(area.First() << current, current, order, migratetype, fallback);
            if (claimed >= 0)
            {
                return claimed;
            }
        }

        // Steal: the smallest fitting block; its pageblock keeps its type, and so do the split remainders.
        for (var current = order; current <= MaxOrder; current++)
        {
            var area = _areas[fallbackBase + current];
            if (area.Count == 0)
            {
                continue;
            }

            var head = area.First() << current;
            RemoveFree(head, current);
            Expand(head, order, current);
            return head;
        }

        return -1;
    }

    // should_try_claim_block: large blocks always, and unmovable requests always try.
    private static bool ShouldTryClaimBlock(int order, MigrateType migratetype) =>
        order >= PageblockOrder / 2 || migratetype == MigrateType.Unmovable;

    // try_to_claim_block: a block of pageblock size or more changes type whole; a smaller one
    // claims its pageblock when at least half of it is free or already of the requesting kind.
    private int TryClaimBlock(int head, int current, int order, MigrateType migratetype, MigrateType fallback)
    {
        if (current >= PageblockOrder)
        {
            RemoveFree(head, current);
            var first = head >> PageblockOrder;
            var last = (head + (1 << current) - 1) >> PageblockOrder;
            for (var block = first; block <= last; block++)
            {
                _pageblockType[block] = migratetype;
            }

            Expand(head, order, current);
            return head;
        }

        var pageblock = head >> PageblockOrder;
        if (!CountPageblock(pageblock, out var freePages, out var movablePages))
        {
            return -1;
        }

        var alikePages = migratetype == MigrateType.Movable ? movablePages : PageblockPages - freePages - movablePages;
        if (freePages + alikePages < PageblockPages / 2)
        {
            return -1;
        }

        MovePageblockFreeBlocks(pageblock, fallback, migratetype);
        return RmQueueSmallest(order, migratetype);
    }

    /// <summary>Counts free and movable pages of a pageblock; false when the pageblock has a hole (bank edge).</summary>
    private bool CountPageblock(int pageblock, out int freePages, out int movablePages)
    {
        freePages = 0;
        movablePages = 0;
        var start = pageblock << PageblockOrder;
        var end = start + PageblockPages;
        for (var index = start; index < end;)
        {
            var place = Describe(index);
            var blockEnd = Math.Min(end, place.Head + (1 << place.Order));
            var pages = blockEnd - index;
            switch (place.Kind)
            {
                case BlockKind.Hole:
                    return false;
                case BlockKind.Free:
                    freePages += pages;
                    break;
                case BlockKind.Allocated when _movable.ContainsKey(place.Head):
                    movablePages += pages;
                    break;
                default:
                    break;
            }

            index = blockEnd;
        }

        return true;
    }

    // move_freepages_block + set_pageblock_migratetype.
    private void MovePageblockFreeBlocks(int pageblock, MigrateType from, MigrateType to)
    {
        var start = pageblock << PageblockOrder;
        for (var order = 0; order < PageblockOrder; order++)
        {
            var source = _areas[((int)from * OrderCount) + order];
            var target = _areas[((int)to * OrderCount) + order];
            var firstBlock = start >> order;
            var endBlock = (start + PageblockPages) >> order;
            for (var block = source.NextAtOrAfter(firstBlock); block >= 0 && block < endBlock; block = source.NextAtOrAfter(block + 1))
            {
                source.Remove(block);
                target.Add(block);
                _freeByType[(int)from] -= 1L << order;
                _freeByType[(int)to] += 1L << order;
            }
        }

        _pageblockType[pageblock] = to;
    }
}
