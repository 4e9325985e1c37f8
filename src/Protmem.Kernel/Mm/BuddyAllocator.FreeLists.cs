using System.Numerics;

namespace Protmem.Kernel.Mm;

/// <summary>
/// The buddy allocator's free lists: taking a block (__rmqueue, __rmqueue_smallest, expand) and
/// giving one back with merging (__free_one_page).
/// </summary>
public sealed partial class BuddyAllocator
{
    // __rmqueue: movable requests use CMA first when CMA holds more than half of the free pages,
    // then their own lists, then CMA, then a fallback type.
    private int RmQueue(int order, MigrateType migratetype)
    {
        int index;
        if (migratetype == MigrateType.Movable && _freeByType[(int)MigrateType.Cma] > (FreePagesOfAllTypes() / 2))
        {
            index = RmQueueSmallest(order, MigrateType.Cma);
            if (index >= 0)
            {
                return index;
            }
        }

        index = RmQueueSmallest(order, migratetype);
        if (index >= 0)
        {
            return index;
        }

        if (migratetype == MigrateType.Movable)
        {
            index = RmQueueSmallest(order, MigrateType.Cma);
            if (index >= 0)
            {
                return index;
            }
        }

        return RmQueueFallback(order, migratetype);
    }

    private long FreePagesOfAllTypes() => _freeByType[0] + _freeByType[1] + _freeByType[2];

    private int RmQueueSmallest(int order, MigrateType migratetype)
    {
        var baseArea = (int)migratetype * OrderCount;
        for (var current = order; current <= MaxOrder; current++)
        {
            var area = _areas[baseArea + current];
            if (area.Count == 0)
            {
                continue;
            }

            var block = area.First();
            area.Remove(block);
            _freeByType[(int)migratetype] -= 1L << current;
            var head = block << current;
            Expand(head, order, current);
            return head;
        }

        return -1;
    }

    // expand(): the upper halves of a split block go back on the free lists of their own pageblocks.
    private void Expand(int head, int low, int high)
    {
        while (high > low)
        {
            high--;
            AddFree(head + (1 << high), high);
        }
    }

    private void AddFree(int head, int order)
    {
        var type = (int)_pageblockType[head >> PageblockOrder];
        _areas[(type * OrderCount) + order].Add(head >> order);
        _freeByType[type] += 1L << order;
    }

    private void RemoveFree(int head, int order)
    {
        var type = (int)_pageblockType[head >> PageblockOrder];
        _areas[(type * OrderCount) + order].Remove(head >> order);
        _freeByType[type] -= 1L << order;
    }

    // __free_one_page: merge with the buddy while it is free at the same order; a CMA pageblock never
    // merges with a non-CMA one.
    private void FreeOneBlock(int index, int order)
    {
        while (order < MaxOrder)
        {
            var buddy = index ^ (1 << order);
            var buddyType = _pageblockType[buddy >> PageblockOrder];
            var area = _areas[((int)buddyType * OrderCount) + order];
            if (!area.Contains(buddy >> order))
            {
                break;
            }

            if (order >= PageblockOrder
                && (buddyType == MigrateType.Cma) != (_pageblockType[index >> PageblockOrder] == MigrateType.Cma))
            {
                break;
            }

            area.Remove(buddy >> order);
            _freeByType[(int)buddyType] -= 1L << order;
            index &= buddy;
            order++;
        }

        AddFree(index, order);
    }

    /// <summary>
    /// Frees [start, end) of index space as aligned blocks of at most a pageblock, merging as it goes:
    /// the merge decides whether neighbouring pageblocks may join (CMA ones never join others).
    /// </summary>
    private void FreeRange(int start, int end)
    {
        while (start < end)
        {
            var order = Math.Min(PageblockOrder, Math.Min(BitOperations.TrailingZeroCount(start | (1 << MaxOrder)), BitOperations.Log2((uint)(end - start))));
            FreeOneBlock(start, order);
            start += 1 << order;
        }
    }
}
