using Protmem.Hardware;
using Protmem.Hardware.Iommu;
using Protmem.Hardware.Memory;
using Protmem.Hardware.Time;
using Protmem.Kernel.Core;

namespace Protmem.Kernel.Mm;

/// <summary>
/// The kernel's page allocator glue: the buddy allocator over system RAM, the CMA areas lent to it,
/// zeroing, time charged for CMA, and the page-table allocator the IOMMU formats draw from.
/// 1. Boot: the buddy allocator takes every page of system RAM that is not reserved (reusable CMA
///    regions included), then each CMA area retypes its pageblocks (cma_activate_area).
/// 2. <see cref="TryAllocPages"/> / <see cref="FreePages"/> (paired) serve kernel and user pages;
///    <see cref="TryCmaAlloc"/> / <see cref="CmaRelease"/> (paired) serve contiguous buffers.
/// 3. <see cref="TryAllocPage"/> / <see cref="FreePage"/> (paired) serve IOMMU page tables.
/// </summary>
public sealed class PageAllocator : IPageTableAllocator
{
    private readonly PhysicalMemory _memory;
    private readonly SimClock _clock;
    private readonly CostModel _costs;
    private readonly Dictionary<string, CmaArea> _cma = new(StringComparer.Ordinal);

    internal PageAllocator(PhysicalMemory memory, SimClock clock, CostModel costs, IEnumerable<PhysRange> ram, bool perCpuPages)
    {
        _memory = memory;
        _clock = clock;
        _costs = costs;
        var banks = new List<PfnRange>();
        foreach (var range in PhysRanges.Normalise(ram))
        {
            if (!range.IsPageAligned)
            {
                throw new ArgumentException($"system RAM range {range} is not page aligned", nameof(ram));
            }

            banks.Add(new PfnRange(range.Start.PageNumber, range.Length >> HwConstants.PageShift));
        }

        Buddy = new BuddyAllocator(banks, perCpuPages);
    }

    /// <summary>The buddy allocator.</summary>
    public BuddyAllocator Buddy { get; }

    /// <summary>The CMA areas by name.</summary>
    public IReadOnlyDictionary<string, CmaArea> CmaAreas => _cma;

    /// <summary>The default CMA area (dma_contiguous_default_area), or null.</summary>
    public CmaArea? DefaultCma { get; private set; }

    /// <summary>Pages handed out by <see cref="TryAllocPages"/> and <see cref="TryAllocPage"/> and not freed.</summary>
    public ulong AllocatedPages { get; private set; }

    /// <summary>Pages handed out by <see cref="TryCmaAlloc"/> and not released.</summary>
    public ulong CmaAllocatedPages { get; private set; }

    /// <summary>Allocates 2^<paramref name="order"/> pages; when <paramref name="zero"/>, zeroed. False when none fits (ENOMEM).</summary>
    public bool TryAllocPages(int order, MigrateType migratetype, IMovablePageOwner? owner, bool zero, out PhysAddr phys)
    {
        if (!Buddy.TryAllocPages(order, migratetype, owner, out var pfn))
        {
            phys = default;
            return false;
        }

        phys = PhysAddr.FromPageNumber(pfn);
        if (zero)
        {
            _memory.Zero(new PhysRange(phys, HwConstants.PageSize << order));
        }

        AllocatedPages += 1UL << order;
        return true;
    }

    /// <summary>Frees a block from <see cref="TryAllocPages"/>.</summary>
    public void FreePages(PhysAddr phys, int order)
    {
        Buddy.FreePages(phys.PageNumber, order);
        AllocatedPages -= 1UL << order;
    }

    /// <summary>
    /// cma_alloc of <paramref name="pages"/> pages aligned to 2^<paramref name="alignOrder"/> from
    /// <paramref name="area"/>. Charges the CMA allocation cost once per call and a CPU copy of every
    /// migrated page. Zeroes the pages when it succeeds and <paramref name="zero"/> is set.
    /// </summary>
    public bool TryCmaAlloc(CmaArea area, ulong pages, int alignOrder, bool zero, out PhysAddr phys)
    {
        ArgumentNullException.ThrowIfNull(area);
        var result = area.Alloc(pages, alignOrder);
        _clock.Advance(_costs.CmaAlloc);
        if (result.MigratedPages != 0)
        {
            _clock.Advance(_costs.CpuCopy(result.MigratedPages << HwConstants.PageShift));
        }

        if (!result.Succeeded)
        {
            phys = default;
            return false;
        }

        phys = PhysAddr.FromPageNumber(result.Pfn);
        if (zero)
        {
            _memory.Zero(new PhysRange(phys, pages << HwConstants.PageShift));
        }

        CmaAllocatedPages += pages;
        return true;
    }

    /// <summary>cma_release; paired with <see cref="TryCmaAlloc"/>.</summary>
    public void CmaRelease(CmaArea area, PhysAddr phys, ulong pages)
    {
        ArgumentNullException.ThrowIfNull(area);
        if (!area.Release(phys.PageNumber, pages))
        {
            throw new KernelOopsException($"cma_release of {pages} pages at {phys} outside area '{area.Name}'");
        }

        CmaAllocatedPages -= pages;
    }

    /// <summary>One unmovable page for an IOMMU page table.</summary>
    public bool TryAllocPage(out PhysAddr page) => TryAllocPages(0, MigrateType.Unmovable, null, zero: false, out page);

    /// <summary>Gives back a page-table page.</summary>
    public void FreePage(PhysAddr page) => FreePages(page, 0);

    /// <summary>Checks the buddy allocator and every CMA area.</summary>
    public void AssertInvariants()
    {
        Buddy.AssertInvariants();
        foreach (var area in _cma.Values)
        {
            area.AssertInvariants();
        }
    }

    internal CmaArea AddCmaArea(string name, PhysRange range, bool isDefault)
    {
        var area = new CmaArea(Buddy, name, new PfnRange(range.Start.PageNumber, range.Length >> HwConstants.PageShift));
        _cma.Add(name, area);
        if (isDefault)
        {
            DefaultCma = area;
        }

        return area;
    }
}
