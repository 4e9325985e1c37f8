using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Protmem.Hardware.Memory;
using Protmem.Hardware.Time;
using Protmem.Hardware.Tracing;

namespace Protmem.Hardware.Iommu;

/// <summary>
/// The Rockchip IOMMU page-table format of either version (the io-pgtable side, separate from any IOMMU
/// instance): a directory of 1024 DTEs in one page, each pointing at a table of 1024 PTEs, all real
/// 4-byte little-endian entries in DRAM (see <see cref="RkIommuEntry"/>). A 32-bit IOVA space; v1 entries
/// hold 32-bit physical addresses (pages and tables below 4 GiB), v2 entries 40-bit ones.
/// 1. Construction allocates and zeroes the directory page (<see cref="Root"/>, what DTE_ADDR points at).
/// 2. <see cref="Map"/> allocates page tables on demand; it fails with
///    <see cref="IommuMapResult.AddressInUse"/> after unwinding when a page is already mapped.
///    The caller then zaps the first and last IOVA on every attached IOMMU (<see cref="RkIommu.ZapLine"/>).
/// 3. <see cref="Unmap"/> clears PTEs and returns the bytes unmapped; the caller zaps every page
///    (<see cref="RkIommu.ZapRange"/>) on every attached IOMMU.
/// 4. <see cref="Free"/> gives every table page and the directory back (paired with construction).
/// Table pages are written straight into DRAM, as the driver writes them through its own mapping.
/// </summary>
public sealed class RkIommuPageTable
{
    /// <summary>Entries per directory or table page.</summary>
    public const int EntriesPerTable = 1024;

    /// <summary>Size of the IOVA space: 4 GiB.</summary>
    public const ulong IovaLimit = 1UL << 32;

    private readonly PhysicalMemory _memory;
    private readonly IPageTableAllocator _allocator;
    private readonly SimClock _clock;
    private readonly CostModel _costs;
    private readonly Trace _trace;
    private readonly HashSet<PhysAddr> _tablePages = [];
    private bool _freed;

    /// <summary>Allocates the directory from <paramref name="allocator"/>; throws when it has no page.</summary>
    public RkIommuPageTable(PhysicalMemory memory, IPageTableAllocator allocator, SimClock clock, CostModel costs, Trace trace, RkIommuVersion version = RkIommuVersion.V2)
    {
        ArgumentNullException.ThrowIfNull(allocator);
        Version = version;
        _memory = memory;
        _allocator = allocator;
        _clock = clock;
        _costs = costs;
        _trace = trace;
        if (!TryAllocTablePage(out var root))
        {
            throw new InsufficientMemoryException($"no page for an RK IOMMU {version} directory table");
        }

        _memory.Zero(new PhysRange(root, HwConstants.PageSize));
        Root = root;
    }

    /// <summary>The entry encoding.</summary>
    public RkIommuVersion Version { get; }

    /// <summary>The directory page: the value DTE_ADDR takes when this table is attached.</summary>
    public PhysAddr Root { get; }

    /// <summary>Where new PTEs are announced (set by the <see cref="Soc"/> that created the table).</summary>
    internal Oracle.ReachFeed? Feed { get; set; }

    /// <summary>Page-table pages in use (the directory not included).</summary>
    public int TablePageCount => _tablePages.Count;

    /// <summary>The pages holding this table: the directory, then every page table.</summary>
    public IEnumerable<PhysAddr> TablePages => _tablePages.Prepend(Root);

    /// <summary>
    /// Maps [<paramref name="iova"/>, +<paramref name="size"/>) to [<paramref name="phys"/>, +size) with
    /// <paramref name="prot"/>. All page-aligned; the IOVA range must lie below 4 GiB and the physical
    /// range below 1 TiB. On failure nothing this call mapped stays mapped (page tables it allocated stay,
    /// empty, as in Linux).
    /// </summary>
    public IommuMapResult Map(DeviceAddr iova, PhysAddr phys, ulong size, IommuProt prot)
    {
        ThrowIfFreed();
        var result = MapCore(iova, phys, size, prot, out var pages);
        if (result == IommuMapResult.Success)
        {
            _clock.Advance(_costs.IommuMapPerPage * pages);
            Feed?.IommuMapped(Root, iova, phys, size, prot);
        }

        if (_trace.IsEnabled)
        {
            _trace.Record(new TraceEvent(_clock.Now, TraceKind.IommuMap, "rk-pgtable", iova.Value, size, (ulong)result));
        }

        return result;
    }

    /// <summary>
    /// Unmaps from <paramref name="iova"/> up to <paramref name="size"/> bytes, stopping at the first page
    /// that is not mapped (as Linux's rk_iommu_unmap); returns the bytes unmapped. Unaligned → 0.
    /// </summary>
    public ulong Unmap(DeviceAddr iova, ulong size)
    {
        ThrowIfFreed();
        ulong unmapped = 0;
        if (iova.IsPageAligned && (size & HwConstants.PageMask) == 0 && iova.Value < IovaLimit)
        {
            var pages = Math.Min(size, IovaLimit - iova.Value) >> HwConstants.PageShift;
            unmapped = ClearPtes(iova, pages, stopAtInvalid: true) << HwConstants.PageShift;
            _clock.Advance(_costs.IommuUnmapWholeContextPerPage * (unmapped >> HwConstants.PageShift));
        }

        if (_trace.IsEnabled)
        {
            _trace.Record(new TraceEvent(_clock.Now, TraceKind.IommuUnmap, "rk-pgtable", iova.Value, size, unmapped));
        }

        return unmapped;
    }

    /// <summary>The physical address <paramref name="iova"/> maps to, or null when unmapped (Linux returns 0).</summary>
    public PhysAddr? IovaToPhys(DeviceAddr iova) =>
        TryTranslate(iova, out var phys, out _) ? phys : null;

    /// <summary>Walks the tables for <paramref name="iova"/>: the physical address (with the page offset) and rights.</summary>
    public bool TryTranslate(DeviceAddr iova, out PhysAddr phys, out IommuProt prot)
    {
        ThrowIfFreed();
        phys = default;
        prot = IommuProt.None;
        if (iova.Value >= IovaLimit)
        {
            return false;
        }

        var dte = _memory.ReadUInt32(Root + (ulong)(RkIommuEntry.DteIndex(iova) * 4));
        if (!RkIommuEntry.IsValid(dte))
        {
            return false;
        }

        var pte = _memory.ReadUInt32(RkIommuEntry.DecodeAddress(dte, Version) + (ulong)(RkIommuEntry.PteIndex(iova) * 4));
        if (!RkIommuEntry.IsValid(pte))
        {
            return false;
        }

        phys = RkIommuEntry.DecodeAddress(pte, Version) + iova.PageOffset;
        prot = RkIommuEntry.ProtOf(pte);
        return true;
    }

    /// <summary>Every mapping, as runs of contiguous IOVA → contiguous PA with the same rights, by ascending IOVA.</summary>
    public IReadOnlyList<IommuMapping> Mappings()
    {
        ThrowIfFreed();
        return RkIommuTableWalker.Walk(_memory, Root, Version);
    }

    /// <summary>Gives every page-table page and the directory back to the allocator (paired with construction).</summary>
    public void Free()
    {
        ThrowIfFreed();
        foreach (var page in _tablePages.OrderBy(p => p.Value))
        {
            _memory.Zero(new PhysRange(page, HwConstants.PageSize));
            _allocator.FreePage(page);
        }

        _tablePages.Clear();
        _memory.Zero(new PhysRange(Root, HwConstants.PageSize));
        _allocator.FreePage(Root);
        _freed = true;
    }

    /// <summary>Checks that each valid DTE points at a table page of this table and each table page has its DTE.</summary>
    public void AssertInvariants()
    {
        ThrowIfFreed();
        var seen = new HashSet<PhysAddr>();
        for (var i = 0; i < EntriesPerTable; i++)
        {
            var dte = _memory.ReadUInt32(Root + (ulong)(i * 4));
            if (!RkIommuEntry.IsValid(dte))
            {
                continue;
            }

            var table = RkIommuEntry.DecodeAddress(dte, Version);
            if (!_tablePages.Contains(table) || !seen.Add(table))
            {
                throw new InvalidOperationException($"invariant: DTE {i} points at {table}, which is not a page table of this directory or is shared");
            }
        }

        if (seen.Count != _tablePages.Count)
        {
            throw new InvalidOperationException("invariant: every page table of this directory has exactly one valid DTE");
        }
    }

    private IommuMapResult MapCore(DeviceAddr iova, PhysAddr phys, ulong size, IommuProt prot, out ulong pages)
    {
        pages = size >> HwConstants.PageShift;
        if (size == 0 || (size & HwConstants.PageMask) != 0 || !iova.IsPageAligned || !phys.IsPageAligned
            || iova.Value >= IovaLimit || size > IovaLimit - iova.Value
            || phys.Value >= RkIommuEntry.PhysLimitOf(Version) || size > RkIommuEntry.PhysLimitOf(Version) - phys.Value
            || (prot & ~IommuProt.ReadWrite) != 0)
        {
            return IommuMapResult.InvalidArgument;
        }

        var flags = RkIommuEntry.MakePte(new PhysAddr(0), prot, Version);
        ulong done = 0;
        while (done < pages)
        {
            var current = iova + (done << HwConstants.PageShift);
            if (!TryGetOrAllocTable(RkIommuEntry.DteIndex(current), out var tablePage))
            {
                ClearPtes(iova, done, stopAtInvalid: false);
                return IommuMapResult.OutOfMemory;
            }

            var first = RkIommuEntry.PteIndex(current);
            var count = (int)Math.Min((ulong)(EntriesPerTable - first), pages - done);
            var entries = Entries(tablePage).Slice(first, count);
            var page = phys + (done << HwConstants.PageShift);
            for (var k = 0; k < entries.Length; k++)
            {
                if (RkIommuEntry.IsValid(FromLittleEndian(entries[k])))
                {
                    ClearPtes(iova, done + (ulong)k, stopAtInvalid: false);
                    return IommuMapResult.AddressInUse;
                }

                entries[k] = FromLittleEndian(RkIommuEntry.EncodeAddress(page, Version) | flags);
                page += HwConstants.PageSize;
            }

            done += (ulong)count;
        }

        return IommuMapResult.Success;
    }

    private bool TryGetOrAllocTable(int dteIndex, out PhysAddr table)
    {
        var dteAddress = Root + (ulong)(dteIndex * 4);
        var dte = _memory.ReadUInt32(dteAddress);
        if (RkIommuEntry.IsValid(dte))
        {
            table = RkIommuEntry.DecodeAddress(dte, Version);
            return true;
        }

        if (!TryAllocTablePage(out table))
        {
            return false;
        }

        _memory.Zero(new PhysRange(table, HwConstants.PageSize));
        _tablePages.Add(table);
        _memory.WriteUInt32(dteAddress, RkIommuEntry.MakeDte(table, Version));
        return true;
    }

    /// <summary>Invalidates up to <paramref name="pages"/> PTEs from <paramref name="iova"/>; returns how many were valid and cleared.</summary>
    private ulong ClearPtes(DeviceAddr iova, ulong pages, bool stopAtInvalid)
    {
        ulong cleared = 0;
        ulong done = 0;
        while (done < pages)
        {
            var current = iova + (done << HwConstants.PageShift);
            var first = RkIommuEntry.PteIndex(current);
            var count = (int)Math.Min((ulong)(EntriesPerTable - first), pages - done);
            var dte = _memory.ReadUInt32(Root + (ulong)(RkIommuEntry.DteIndex(current) * 4));
            if (!RkIommuEntry.IsValid(dte))
            {
                if (stopAtInvalid)
                {
                    return cleared;
                }

                done += (ulong)count;
                continue;
            }

            var entries = Entries(RkIommuEntry.DecodeAddress(dte, Version)).Slice(first, count);
            for (var k = 0; k < entries.Length; k++)
            {
                var pte = FromLittleEndian(entries[k]);
                if (!RkIommuEntry.IsValid(pte))
                {
                    if (stopAtInvalid)
                    {
                        return cleared;
                    }

                    continue;
                }

                entries[k] = FromLittleEndian(RkIommuEntry.Invalidate(pte));
                cleared++;
            }

            done += (ulong)count;
        }

        return cleared;
    }

    /// <summary>
    /// A page for a directory or table its entries can point at. v1 tables must lie below 4 GiB: the
    /// driver allocates them with GFP_DMA32.
    /// </summary>
    private bool TryAllocTablePage(out PhysAddr page)
    {
        if (!_allocator.TryAllocPage(out page))
        {
            return false;
        }

        if (page.Value + HwConstants.PageSize > RkIommuEntry.PhysLimitOf(Version))
        {
            // Model: the allocator has no ZONE_DMA32; a page it gives above what v1 can address counts as none.
            _allocator.FreePage(page);
            page = default;
            return false;
        }

        return true;
    }

    /// <summary>The 1024 entries of a table page, as stored in DRAM (little-endian words).</summary>
    private Span<uint> Entries(PhysAddr tablePage) => MemoryMarshal.Cast<byte, uint>(_memory.PageForWrite(tablePage));

    /// <summary>Converts between a stored little-endian word and its value (the identity on little-endian hosts).</summary>
    private static uint FromLittleEndian(uint word) => BitConverter.IsLittleEndian ? word : BinaryPrimitives.ReverseEndianness(word);

    private void ThrowIfFreed() => ObjectDisposedException.ThrowIf(_freed, this);
}
