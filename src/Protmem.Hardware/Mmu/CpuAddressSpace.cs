namespace Protmem.Hardware.Mmu;

/// <summary>
/// A CPU address space: page-granular mappings from virtual to physical pages with permissions, as
/// one set of CPU page tables describes (a process, the kernel, the secure world). Its
/// <see cref="World"/> says which world's code runs in it; the oracle uses it to find the non-secure
/// mappings of pages the firewall closes to the non-secure CPU.
/// 1. <see cref="TryMap"/> adds mappings (refused, changing nothing, when a page is already mapped);
/// 2. <see cref="TryTranslate"/> answers the CPU for each access;
/// 3. <see cref="Unmap"/> removes them (paired with <see cref="TryMap"/>).
/// </summary>
public class CpuAddressSpace
{
    private readonly Dictionary<ulong, (ulong PhysPage, CpuPermissions Permissions)> _pages = [];

    public CpuAddressSpace(string name, SecurityState world = SecurityState.NonSecure)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        World = world;
    }

    public string Name { get; }

    /// <summary>Where new mappings are announced (set by the <see cref="Soc"/> for the spaces it creates).</summary>
    internal Oracle.ReachFeed? Feed { get; set; }

    /// <summary>The world whose code runs in this space.</summary>
    public SecurityState World { get; }

    /// <summary>Pages mapped by <see cref="TryMap"/> (not counting any fixed window of a subclass).</summary>
    public int MappedPages => _pages.Count;

    /// <summary>
    /// Maps [<paramref name="va"/>, +<paramref name="size"/>) to [<paramref name="phys"/>, +size). Page-aligned,
    /// non-empty, inside the 40-bit physical space; false when any page is already mapped or reserved (then nothing changes).
    /// </summary>
    public bool TryMap(CpuVirtAddr va, PhysAddr phys, ulong size, CpuPermissions permissions)
    {
        if (!va.IsPageAligned || !phys.IsPageAligned || size == 0 || (size & HwConstants.PageMask) != 0
            || va.Value + size < va.Value || phys.Value >= HwConstants.PhysAddressLimit || size > HwConstants.PhysAddressLimit - phys.Value)
        {
            return false;
        }

        var pages = size >> HwConstants.PageShift;
        for (ulong i = 0; i < pages; i++)
        {
            var page = va.PageNumber + i;
            if (_pages.ContainsKey(page) || IsReserved(CpuVirtAddr.FromPageNumber(page)))
            {
                return false;
            }
        }

        for (ulong i = 0; i < pages; i++)
        {
            _pages.Add(va.PageNumber + i, (phys.PageNumber + i, permissions));
        }

        Feed?.CpuMapped(this, va, phys, size, permissions);
        return true;
    }

    /// <summary>As <see cref="TryMap"/>, throwing when refused.</summary>
    public void Map(CpuVirtAddr va, PhysAddr phys, ulong size, CpuPermissions permissions)
    {
        if (!TryMap(va, phys, size, permissions))
        {
            throw new InvalidOperationException($"cannot map {va} (+0x{size:x}) in '{Name}': unaligned, empty, or already mapped");
        }
    }

    /// <summary>Removes every mapped page in [<paramref name="va"/>, +<paramref name="size"/>); returns how many were mapped.</summary>
    public ulong Unmap(CpuVirtAddr va, ulong size)
    {
        ulong removed = 0;
        if (size != 0 && PageSpan(va, size) is var (first, last) && last - first < (ulong)_pages.Count)
        {
            // A range smaller than the table: remove page by page, no list (munmap of a small buffer is per call).
            for (var page = first; page <= last; page++)
            {
                removed += _pages.Remove(page) ? 1UL : 0;
            }

            return removed;
        }

        foreach (var page in MappedPagesIn(va, size))
        {
            _pages.Remove(page);
            removed++;
        }

        return removed;
    }

    /// <summary>Changes the permissions of the mapped pages in the range; returns how many were mapped.</summary>
    public ulong Protect(CpuVirtAddr va, ulong size, CpuPermissions permissions)
    {
        ulong changed = 0;
        foreach (var page in MappedPagesIn(va, size))
        {
            var physPage = _pages[page].PhysPage;
            _pages[page] = (physPage, permissions);
            changed++;
            Feed?.CpuMapped(this, CpuVirtAddr.FromPageNumber(page), PhysAddr.FromPageNumber(physPage), HwConstants.PageSize, permissions);
        }

        return changed;
    }

    /// <summary>The physical address (with offset) and permissions for <paramref name="va"/>; false when unmapped.</summary>
    public virtual bool TryTranslate(CpuVirtAddr va, out PhysAddr phys, out CpuPermissions permissions)
    {
        if (_pages.TryGetValue(va.PageNumber, out var entry))
        {
            phys = PhysAddr.FromPageNumber(entry.PhysPage) + va.PageOffset;
            permissions = entry.Permissions;
            return true;
        }

        phys = default;
        permissions = CpuPermissions.None;
        return false;
    }

    /// <summary>Every mapping, as runs of contiguous VA → contiguous PA with equal permissions, by ascending VA.</summary>
    public virtual IReadOnlyList<CpuMapping> EnumerateMappings()
    {
        var runs = new List<CpuMapping>();
        foreach (var page in _pages.Keys.Order())
        {
            var (physPage, permissions) = _pages[page];
            var va = CpuVirtAddr.FromPageNumber(page);
            var phys = PhysAddr.FromPageNumber(physPage);
            if (runs.Count > 0)
            {
                var last = runs[^1];
                if (last.Permissions == permissions && last.Va + last.Length == va && last.Phys + last.Length == phys)
                {
                    runs[^1] = last with { Length = last.Length + HwConstants.PageSize };
                    continue;
                }
            }

            runs.Add(new CpuMapping(va, phys, HwConstants.PageSize, permissions));
        }

        return runs;
    }

    public override string ToString() => Name;

    /// <summary>The mapped page numbers in [va, +size), found by whichever is smaller: the range or the mappings.</summary>
    /// <summary>The first and last page numbers of a non-empty range (the last clamped to the address space).</summary>
    private static (ulong First, ulong Last) PageSpan(CpuVirtAddr va, ulong size) =>
        (va.PageNumber, (ulong.MaxValue - va.Value < size - 1 ? new CpuVirtAddr(ulong.MaxValue) : va + (size - 1)).PageNumber);

    private List<ulong> MappedPagesIn(CpuVirtAddr va, ulong size)
    {
        if (size == 0)
        {
            return [];
        }

        var (first, last) = PageSpan(va, size);
        if (last - first < (ulong)_pages.Count)
        {
            var inRange = new List<ulong>();
            for (var page = first; page <= last; page++)
            {
                if (_pages.ContainsKey(page))
                {
                    inRange.Add(page);
                }
            }

            return inRange;
        }

        return [.. _pages.Keys.Where(p => p >= first && p <= last).Order()];
    }

    /// <summary>True when a subclass keeps <paramref name="va"/> for itself (a fixed window).</summary>
    protected virtual bool IsReserved(CpuVirtAddr va) => false;
}
