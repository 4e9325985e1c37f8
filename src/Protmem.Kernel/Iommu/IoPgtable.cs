using Protmem.Hardware;
using Protmem.Hardware.Iommu;
using Protmem.Kernel.Iommu.Rockchip;

namespace Protmem.Kernel.Iommu;

/// <summary>
/// The page-table library's entry points (drivers/iommu/io-pgtable.c): a table of formats and their
/// init functions, and alloc/free of one table.
/// </summary>
public static class IoPgtable
{
    /// <summary>io_pgtable_init_table: how each format makes a table (null when no page is left for its root).</summary>
    private static readonly Dictionary<IoPgtableFmt, Func<IoPgtableCfg, NormalWorldView, IPageTableAllocator, IIoPgtableOps?>> InitTable =
        new Dictionary<IoPgtableFmt, Func<IoPgtableCfg, NormalWorldView, IPageTableAllocator, IIoPgtableOps?>>
        {
            [IoPgtableFmt.RkIommuV1] = (cfg, hw, pages) => RkIommuIoPgtable.Alloc(cfg, hw, pages, RkIommuVersion.V1),
            [IoPgtableFmt.RkIommuV2] = (cfg, hw, pages) => RkIommuIoPgtable.Alloc(cfg, hw, pages, RkIommuVersion.V2),
        };

    /// <summary>
    /// alloc_io_pgtable_ops: a new empty table of <paramref name="fmt"/> whose pages come from
    /// <paramref name="pages"/>; null when no page is left. Throws for a format not in the table.
    /// </summary>
    public static IIoPgtableOps? AllocIoPgtableOps(IoPgtableFmt fmt, IoPgtableCfg cfg, NormalWorldView hardware, IPageTableAllocator pages)
    {
        ArgumentNullException.ThrowIfNull(cfg);
        ArgumentNullException.ThrowIfNull(hardware);
        ArgumentNullException.ThrowIfNull(pages);
        return InitTable.TryGetValue(fmt, out var init)
            ? init(cfg, hardware, pages)
            : throw new NotSupportedException($"io-pgtable format {fmt} is not modelled");
    }

    /// <summary>free_io_pgtable_ops: gives every page of <paramref name="ops"/> back.</summary>
    public static void FreeIoPgtableOps(IIoPgtableOps ops)
    {
        ArgumentNullException.ThrowIfNull(ops);
        ops.Free();
    }
}
