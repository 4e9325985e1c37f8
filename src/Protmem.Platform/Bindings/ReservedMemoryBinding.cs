using System.Numerics;
using Protmem.Hardware;
using Protmem.Platform.DeviceTree;

namespace Protmem.Platform.Bindings;

/// <summary>
/// The <c>/reserved-memory</c> children and the memory reservation block, as Linux's early boot reads them:
/// 1. fixed regions (<c>reg</c>) and <c>/memreserve/</c> entries are reserved first;
/// 2. dynamic regions (<c>size</c>, optional <c>alignment</c> and <c>alloc-ranges</c>) are then placed in
///    node order by <see cref="ReservedMemoryAllocator"/> (a reusable shared-dma-pool, i.e. CMA, is
///    aligned to at least a pageblock, 2 MiB);
/// 3. flags: <c>no-map</c>, <c>reusable</c> (not both), <c>linux,cma-default</c>; <c>compatible</c> kept.
/// A region outside system RAM, or one that cannot be placed, is skipped with a warning, as Linux does.
/// </summary>
internal static class ReservedMemoryBinding
{
    /// <summary>CMA_MIN_ALIGNMENT_BYTES with 4 KiB pages and pageblock order 9.</summary>
    public const ulong CmaMinAlignment = 2 * 1024 * 1024;

    private static readonly string[] KnownCompatibles = [ReservedRegionDescription.SharedDmaPool, ReservedRegionDescription.LinaroRestrictedHeap];

    public static List<ReservedRegionDescription> Bind(BindingContext context, IReadOnlyList<PhysRange> systemRam)
    {
        var allocator = new ReservedMemoryAllocator(systemRam);
        var placed = new List<(int Order, ReservedRegionDescription Region)>();
        var order = 0;
        foreach (var entry in context.Tree.MemoryReservations)
        {
            var range = new PhysRange(new PhysAddr(entry.Address & ~HwConstants.PageMask), AlignUp((entry.Address & HwConstants.PageMask) + entry.Size));
            if (entry.Size > 0 && InsideRam(range, systemRam))
            {
                allocator.Reserve(range);
                placed.Add((order++, new ReservedRegionDescription($"memreserve@{entry.Address:x}", "/memreserve/", range)));
            }
        }

        if (context.Tree.Root.FindChild("reserved-memory") is not { } parent || !BindingContext.IsEnabled(parent))
        {
            return [.. placed.Select(p => p.Region)];
        }

        context.Claim(parent);
        CheckCells(context, parent);
        var dynamic = new List<(int Order, DtNode Node)>();
        foreach (var node in parent.Children.Where(BindingContext.IsEnabled))
        {
            context.Claim(node);
            if (node.HasProperty("reg"))
            {
                var regs = BindingContext.ReadRegs(node, "reg", context.RootAddressCells, context.RootSizeCells);
                if (regs.Count == 0)
                {
                    throw BindingContext.Error(node, "reg", "is empty");
                }

                if (regs.Count > 1)
                {
                    context.Warn($"{node.Path}: reg has {regs.Count} entries; the first is the region, the others are not modelled");
                }

                var range = WholePages(node, regs[0]);
                if (!InsideRam(range, systemRam))
                {
                    context.Warn($"{node.Path}: {range} is not inside system RAM; nothing to reserve, skipped");
                    context.SkipReserved(Describe(context, node, range, isDynamic: false));
                    order++;
                    continue;
                }

                allocator.Reserve(range);
                placed.Add((order++, Describe(context, node, range, isDynamic: false)));
            }
            else if (node.HasProperty("size"))
            {
                dynamic.Add((order++, node));
            }
            else
            {
                throw BindingContext.Error(node, "reg", "a reserved-memory node needs either reg or size");
            }
        }

        foreach (var (index, node) in dynamic)
        {
            if (Place(context, node, allocator) is { } region)
            {
                placed.Add((index, region));
            }
        }

        var regions = placed.OrderBy(p => p.Order).Select(p => p.Region).ToList();
        var overlap = regions.SelectMany((a, i) => regions.Skip(i + 1).Where(b => a.Range.Overlaps(b.Range)).Select(b => (a, b))).FirstOrDefault();
        if (overlap.a is not null)
        {
            throw new BindingException(overlap.b.Path, "reg", $"{overlap.b.Range} overlaps {overlap.a.Path} at {overlap.a.Range}");
        }

        return regions;
    }

    private static ReservedRegionDescription? Place(BindingContext context, DtNode node, ReservedMemoryAllocator allocator)
    {
        var size = ReadSized(context, node, "size");
        if (size == 0)
        {
            throw BindingContext.Error(node, "size", "is zero");
        }

        var alignment = node.HasProperty("alignment") ? ReadSized(context, node, "alignment") : HwConstants.PageSize;
        if (alignment == 0 || !BitOperations.IsPow2(alignment))
        {
            throw BindingContext.Error(node, "alignment", $"0x{alignment:x} is not a power of two");
        }

        var noMap = node.HasProperty("no-map");
        var isCma = node.HasProperty("reusable") && BindingContext.IsCompatible(node, ReservedRegionDescription.SharedDmaPool) && !noMap;
        alignment = Math.Max(alignment, isCma ? CmaMinAlignment : HwConstants.PageSize);
        size = AlignUp(size);
        var windows = node.HasProperty("alloc-ranges")
            ? BindingContext.ReadRegs(node, "alloc-ranges", context.RootAddressCells, context.RootSizeCells)
                .Select(e => new PhysRange(new PhysAddr(e.Address), Math.Min(e.Size, ulong.MaxValue - e.Address))).ToArray()
            : [];
        if (allocator.Allocate(size, alignment, windows) is not { } range)
        {
            context.Warn($"{node.Path}: no free 0x{size:x} bytes aligned to 0x{alignment:x}{(windows.Length > 0 ? " inside alloc-ranges" : "")}; the region is not reserved");
            return null;
        }

        return Describe(context, node, range, isDynamic: true);
    }

    private static ReservedRegionDescription Describe(BindingContext context, DtNode node, PhysRange range, bool isDynamic)
    {
        var noMap = node.HasProperty("no-map");
        var reusable = node.HasProperty("reusable");
        if (noMap && reusable)
        {
            throw BindingContext.Error(node, "reusable", "no-map and reusable are mutually exclusive");
        }

        var compatible = BindingContext.CompatibleOf(node);
        if (compatible.Count > 0 && !compatible.Any(c => KnownCompatibles.Contains(c, StringComparer.Ordinal)))
        {
            context.WarnUnbound($"{node.Path}: compatible \"{string.Join("\", \"", compatible)}\" has no driver in Protmem; the region is reserved and left unused");
        }

        var isDefault = node.HasProperty("linux,cma-default");
        if (isDefault && !(reusable && compatible.Contains(ReservedRegionDescription.SharedDmaPool)))
        {
            throw BindingContext.Error(node, "linux,cma-default", "only a reusable shared-dma-pool region can be the default CMA area");
        }

        if (compatible.Contains(ReservedRegionDescription.LinaroRestrictedHeap) && isDynamic)
        {
            throw BindingContext.Error(node, "size", "a linaro,restricted-heap region needs a fixed reg");
        }

        return new ReservedRegionDescription(node.Name, node.Path, range, noMap, reusable, compatible, isDefault, isDynamic);
    }

    private static void CheckCells(BindingContext context, DtNode parent)
    {
        foreach (var (property, expected) in (ReadOnlySpan<(string, int)>)[("#address-cells", context.RootAddressCells), ("#size-cells", context.RootSizeCells)])
        {
            var actual = parent.FindProperty(property) is { } p && p.TryAsUInt32(out var cells) ? (int)cells : -1;
            if (actual != expected)
            {
                throw BindingContext.Error(parent, property, $"must equal the root's ({expected}), as the reserved-memory binding requires");
            }
        }
    }

    private static ulong ReadSized(BindingContext context, DtNode node, string property)
    {
        var p = node.GetProperty(property);
        if (p.Length != 4 * context.RootSizeCells)
        {
            throw BindingContext.Error(node, property, $"must be {context.RootSizeCells} cell(s) (the root's #size-cells), not {p.Length} bytes");
        }

        return p.ReadNumber(0, context.RootSizeCells);
    }

    /// <summary>The whole pages an entry touches (memblock reserves whole pages; an SCMI shared-memory page holds 256 bytes).</summary>
    private static PhysRange WholePages(DtNode node, DtRegEntry entry)
    {
        if (entry.Size == 0 || entry.Address > ulong.MaxValue - entry.Size - HwConstants.PageMask)
        {
            throw BindingContext.Error(node, "reg", $"{entry} is empty or runs past the end of the address space");
        }

        var start = entry.Address & ~HwConstants.PageMask;
        return new PhysRange(new PhysAddr(start), AlignUp(entry.Address + entry.Size) - start);
    }

    private static bool InsideRam(PhysRange range, IReadOnlyList<PhysRange> systemRam) =>
        PhysRanges.Subtract([range], systemRam).TrueForAll(r => r.IsEmpty);

    private static ulong AlignUp(ulong value) => (value + HwConstants.PageMask) & ~HwConstants.PageMask;
}
