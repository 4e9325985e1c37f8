using Protmem.Hardware.Iommu;

namespace Protmem.Hardware.Memory;

/// <summary>
/// A simple pool of whole pages carved from a physical range, handing out the lowest free page
/// first. Firmware and tests use it where no kernel page allocator exists (the kernel passes its own
/// <see cref="IPageTableAllocator"/>).
/// </summary>
public sealed class PagePool : IPageTableAllocator
{
    // Pages below _next have been handed out at least once; _free holds those given back.
    private readonly SortedSet<ulong> _free = [];
    private readonly HashSet<ulong> _used = [];
    private ulong _next;

    public PagePool(PhysRange range)
    {
        if (!range.IsPageAligned || range.IsEmpty)
        {
            throw new ArgumentException($"a page pool needs a non-empty page-aligned range, not {range}", nameof(range));
        }

        Range = range;
        _next = range.Start.PageNumber;
    }

    /// <summary>The pages this pool owns.</summary>
    public PhysRange Range { get; }

    public ulong FreePages => (ulong)_free.Count + (Range.End.PageNumber - _next);

    public int UsedPages => _used.Count;

    /// <summary>Hands out the lowest free page; false when the pool is empty. Paired with <see cref="FreePage"/>.</summary>
    public bool TryAllocPage(out PhysAddr page)
    {
        ulong number;
        if (_free.Count > 0)
        {
            number = _free.Min;
            _free.Remove(number);
        }
        else if (_next < Range.End.PageNumber)
        {
            number = _next++;
        }
        else
        {
            page = default;
            return false;
        }

        _used.Add(number);
        page = PhysAddr.FromPageNumber(number);
        return true;
    }

    /// <summary>Takes back a page from <see cref="TryAllocPage"/>; freeing a page twice is a model bug.</summary>
    public void FreePage(PhysAddr page)
    {
        if (!_used.Remove(page.PageNumber))
        {
            throw new InvalidOperationException($"page {page} is not allocated from the pool {Range} (double free?)");
        }

        _free.Add(page.PageNumber);
    }
}
