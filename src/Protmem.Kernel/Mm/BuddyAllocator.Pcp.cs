using Protmem.Kernel.Core;

namespace Protmem.Kernel.Mm;

/// <summary>
/// Per-cpu page lists (free_unref_page, rmqueue_pcplist, rmqueue_bulk, free_pcppages_bulk,
/// drain_all_pages) for one CPU: order-0 pages are cached per migratetype so that an allocate/free
/// pair does not split and merge a whole MAX_ORDER block. Pages on these lists are free but not in
/// the buddy free lists, so /proc/buddyinfo and <see cref="NrFreePages"/> do not count them (as in
/// Linux); <see cref="DrainAllPages"/> gives them back. Linux also caches orders 1–3 and the THP
/// order; the model caches order 0 only.
/// </summary>
public sealed partial class BuddyAllocator
{
    private readonly PcpList[] _pcp;
    private readonly ulong[] _onPcp;

    /// <summary>Pages refilled from or returned to the buddy lists at once (<c>pcp->batch</c>); 0 when the lists are off.</summary>
    public int PcpBatch { get; }

    /// <summary>A list this long is trimmed by one batch (<c>pcp->high</c>, here 6 × batch as before Linux 5.14); 0 when off.</summary>
    public int PcpHigh { get; }

    /// <summary>Free order-0 pages waiting on the per-cpu lists.</summary>
    public ulong PcpPages => (ulong)(_pcp[0].Count + _pcp[1].Count);

    /// <summary>Returns every per-cpu page to the buddy free lists, where it merges (<c>drain_all_pages</c>).</summary>
    public void DrainAllPages()
    {
        foreach (var list in _pcp)
        {
            while (list.Count > 0)
            {
                FreeFromPcp(list.PopTail());
            }
        }
    }

    // zone_batchsize(): a quarter of a 1/1024 share of the zone, at most 1 MiB, rounded to 2^n - 1.
    private static int ZoneBatchSize(ulong managedPages)
    {
        var batch = (int)Math.Min(managedPages >> 10, (1UL << 20) / MmConstants.PageSize) / 4;
        batch = Math.Max(batch, 1);
        batch = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)(batch + (batch / 2)) + 1) / 2;
        return Math.Max(batch - 1, 1);
    }

    private int RmQueuePcp(MigrateType migratetype)
    {
        var list = _pcp[(int)migratetype];
        if (list.Count == 0)
        {
            // rmqueue_bulk: refill one batch in allocation order.
            for (var i = 0; i < PcpBatch; i++)
            {
                var index = RmQueue(0, migratetype);
                if (index < 0)
                {
                    break;
                }

                _onPcp[index >> 6] |= 1UL << index;
                list.PushTail(index);
            }

            if (list.Count == 0)
            {
                return -1;
            }
        }

        var page = list.PopHead();
        _onPcp[page >> 6] &= ~(1UL << page);
        return page;
    }

    // free_unref_page: CMA pages go on the movable list, as Linux files them.
    private void FreeToPcp(int index)
    {
        var list = _pcp[_pageblockType[index >> PageblockOrder] == MigrateType.Unmovable ? 0 : 1];
        _onPcp[index >> 6] |= 1UL << index;
        list.PushHead(index);
        if (list.Count >= PcpHigh)
        {
            for (var i = 0; i < PcpBatch && list.Count > 0; i++)
            {
                FreeFromPcp(list.PopTail());
            }
        }
    }

    private void FreeFromPcp(int index)
    {
        _onPcp[index >> 6] &= ~(1UL << index);
        FreeOneBlock(index, 0);
    }

    private bool IsOnPcp(int index) => (_onPcp[index >> 6] & (1UL << index)) != 0;

    private void CheckPcpLists(byte[] owners)
    {
        for (var type = 0; type < _pcp.Length; type++)
        {
            foreach (var index in _pcp[type].Items())
            {
                if (!IsOnPcp(index))
                {
                    throw new KernelOopsException("a page on a per-cpu list is marked as such", $"pfn 0x{PfnOf(index):x}");
                }

                Cover(owners, index, 1, "per-cpu page");
            }

            if (_pcp[type].Count > 0 && _pcp[type].Count >= PcpHigh)
            {
                throw new KernelOopsException("a per-cpu list is trimmed before it reaches high pages", $"{(MigrateType)type}: {_pcp[type].Count} of high {PcpHigh}");
            }
        }

        if (Bitmap.CountSet(_onPcp) != (long)PcpPages)
        {
            throw new KernelOopsException("every page marked per-cpu is on a per-cpu list", $"{Bitmap.CountSet(_onPcp)} marked, {PcpPages} listed");
        }
    }
}
