using Protmem.Kernel.Core;

namespace Protmem.Kernel.Mm;

/// <summary>The buddy allocator's self-checks and the page walker they and the error paths share.</summary>
public sealed partial class BuddyAllocator
{
    /// <summary>
    /// Checks every structural rule of the allocator and throws <see cref="KernelOopsException"/>
    /// naming the first one broken. Costs a walk over every page: for tests and debug runs.
    /// </summary>
    public void AssertInvariants()
    {
        var owners = new byte[_indexSpace];
        var freeByType = new long[TypeCount];
        for (var type = 0; type < TypeCount; type++)
        {
            for (var order = 0; order <= MaxOrder; order++)
            {
                var area = _areas[(type * OrderCount) + order];
                area.AssertConsistent($"{(MigrateType)type} order {order}");
                for (var block = area.NextAtOrAfter(0); block >= 0; block = area.NextAtOrAfter(block + 1))
                {
                    var head = block << order;
                    CheckFreeBlock(head, order, (MigrateType)type);
                    Cover(owners, head, 1 << order, "free block");
                    freeByType[type] += 1L << order;
                }
            }
        }

        for (var type = 0; type < TypeCount; type++)
        {
            if (freeByType[type] != _freeByType[type])
            {
                throw new KernelOopsException("the free-page counter of a migratetype equals the pages on its free lists", $"{(MigrateType)type}: counter {_freeByType[type]}, lists {freeByType[type]}");
            }
        }

        for (var order = 0; order <= MaxOrder; order++)
        {
            var bits = _allocated[order];
            for (var block = 0; block < _indexSpace >> order; block++)
            {
                if ((bits[block >> 6] & (1UL << block)) != 0)
                {
                    CheckAllocatedBlock(block << order, order);
                    Cover(owners, block << order, 1 << order, "allocated block");
                }
            }
        }

        for (var index = 0; index < _indexSpace; index++)
        {
            if (IsHeld(index))
            {
                Cover(owners, index, 1, "contiguous range");
            }
        }

        CheckPcpLists(owners);
        CheckCoverage(owners);
    }

    private void CheckFreeBlock(int head, int order, MigrateType listType)
    {
        var pfn = PfnOf(head);
        if (PfnOf(head + (1 << order) - 1) != pfn + (1UL << order) - 1)
        {
            throw new KernelOopsException("a free block lies inside one bank", $"pfn 0x{pfn:x} order {order}");
        }

        if ((pfn & ((1UL << order) - 1)) != 0)
        {
            throw new KernelOopsException("a free block of order k is aligned to 2^k pages", $"pfn 0x{pfn:x} order {order}");
        }

        if (_pageblockType[head >> PageblockOrder] != listType)
        {
            throw new KernelOopsException("a free block sits on the free list of its first pageblock's migratetype", $"pfn 0x{pfn:x} order {order} on the {listType} list");
        }

        if (order > PageblockOrder)
        {
            var cmaPageblocks = 0;
            for (var pageblock = head >> PageblockOrder; pageblock < (head + (1 << order)) >> PageblockOrder; pageblock++)
            {
                cmaPageblocks += _pageblockType[pageblock] == MigrateType.Cma ? 1 : 0;
            }

            if (cmaPageblocks != 0 && cmaPageblocks != 1 << (order - PageblockOrder))
            {
                throw new KernelOopsException("a free block never mixes CMA and non-CMA pageblocks", $"pfn 0x{pfn:x} order {order}");
            }
        }

        if (order < MaxOrder)
        {
            var buddy = head ^ (1 << order);
            var buddyType = _pageblockType[buddy >> PageblockOrder];
            var separated = order >= PageblockOrder && (buddyType == MigrateType.Cma) != (listType == MigrateType.Cma);
            if (!separated && _areas[((int)buddyType * OrderCount) + order].Contains(buddy >> order))
            {
                throw new KernelOopsException("two free buddies of the same order are merged", $"pfn 0x{pfn:x} and its buddy, order {order}");
            }
        }
    }

    private void CheckAllocatedBlock(int head, int order)
    {
        var pfn = PfnOf(head);
        if (PfnOf(head + (1 << order) - 1) != pfn + (1UL << order) - 1)
        {
            throw new KernelOopsException("an allocated block lies inside one bank", $"pfn 0x{pfn:x} order {order}");
        }

        var movable = _movable.TryGetValue(head, out var record);
        if (movable && record!.Order != order)
        {
            throw new KernelOopsException("a movable record has its block's order", $"pfn 0x{pfn:x}: block order {order}, record order {record.Order}");
        }

        if (!movable && _pageblockType[head >> PageblockOrder] == MigrateType.Cma)
        {
            throw new KernelOopsException("an unmovable block never lies in a CMA pageblock", $"pfn 0x{pfn:x} order {order}");
        }
    }

    private void CheckCoverage(byte[] owners)
    {
        foreach (var (head, _) in _movable)
        {
            if (!IsAllocatedHead(head, _movable[head].Order))
            {
                throw new KernelOopsException("a movable record belongs to an allocated block", $"index {head}");
            }
        }

        var inBank = new bool[_indexSpace];
        foreach (var bank in _banks)
        {
            Array.Fill(inBank, true, bank.IndexBase, (int)bank.Count);
        }

        for (var index = 0; index < _indexSpace; index++)
        {
            if (inBank[index] && owners[index] != 1)
            {
                throw new KernelOopsException("every page of a bank is free, in one allocated block, or held by one contiguous range", $"pfn 0x{PfnOf(index):x} has {owners[index]} owners");
            }

            if (!inBank[index] && owners[index] != 0)
            {
                throw new KernelOopsException("no block covers a page outside the banks", $"index {index}");
            }
        }
    }

    private static void Cover(byte[] owners, int start, int count, string what)
    {
        for (var index = start; index < start + count; index++)
        {
            if (owners[index] == byte.MaxValue)
            {
                throw new KernelOopsException("every page of a bank is free, in one allocated block, or held by one contiguous range", $"{what} at index {index} overlaps too many others");
            }

            owners[index]++;
        }
    }

    /// <summary>Finds what holds the page at <paramref name="index"/>: a free or allocated block, a contiguous range, or nothing.</summary>
    private BlockPlace Describe(int index)
    {
        if (IsHeld(index))
        {
            return new BlockPlace(BlockKind.Held, index, 0);
        }

        if (IsOnPcp(index))
        {
            return new BlockPlace(BlockKind.PerCpu, index, 0);
        }

        for (var order = 0; order <= MaxOrder; order++)
        {
            var head = index & ~((1 << order) - 1);
            if (IsAllocatedHead(head, order))
            {
                return new BlockPlace(BlockKind.Allocated, head, order);
            }

            var type = (int)_pageblockType[head >> PageblockOrder];
            if (_areas[(type * OrderCount) + order].Contains(head >> order))
            {
                return new BlockPlace(BlockKind.Free, head, order);
            }
        }

        return new BlockPlace(BlockKind.Hole, index, 0);
    }

    private KernelOopsException BadFree(ulong pfn, int order, int index)
    {
        if (index < 0)
        {
            return new KernelOopsException("a freed block lies in a bank of the allocator", $"pfn 0x{pfn:x} order {order}");
        }

        var place = Describe(index);
        var where = $"pfn 0x{pfn:x} order {order}";
        return place.Kind switch
        {
            BlockKind.Free or BlockKind.PerCpu => new KernelOopsException(
                "a block is freed only while allocated (double free, or never allocated)",
                $"{where} lies in the free block of order {place.Order} at pfn 0x{PfnOf(place.Head):x}"),
            BlockKind.Allocated when place.Head == index => new KernelOopsException(
                "a block is freed with the order it was allocated at", $"{where} was allocated at order {place.Order}"),
            BlockKind.Allocated => new KernelOopsException(
                "a freed pfn is the first page of an allocated block", $"{where} lies in the order-{place.Order} block at pfn 0x{PfnOf(place.Head):x}"),
            BlockKind.Held => new KernelOopsException(
                "pages of a contiguous range are returned with free_contig_range", where),
            _ => new KernelOopsException("every page of a bank is free, in one allocated block, or held by one contiguous range", $"{where} is in no block"),
        };
    }

    private enum BlockKind
    {
        Hole,
        Free,
        Allocated,
        Held,
        PerCpu,
    }

    private readonly record struct BlockPlace(BlockKind Kind, int Head, int Order);
}
