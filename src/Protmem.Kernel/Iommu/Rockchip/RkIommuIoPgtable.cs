using System.Numerics;
using Protmem.Hardware;
using Protmem.Hardware.Iommu;
using Protmem.Uapi;

namespace Protmem.Kernel.Iommu.Rockchip;

/// <summary>
/// The Rockchip IOMMU page-table formats (v1 and v2) as io-pgtable formats: a directory of 1024 DTEs,
/// each pointing at a table of 1024 PTEs, written into DRAM by <see cref="RkIommuPageTable"/>.
/// Page sizes 4 KiB to 4 MiB (any power of two that fits in one page table, RK_IOMMU_PGSIZE_BITMAP);
/// a 32-bit IOVA space; 32 (v1) or 40 (v2) physical address bits.
/// Model: rockchip-iommu.c writes these tables itself (rk_iommu_map_iova, rk_iommu_unmap_iova); here they
/// are a format beside the driver, and each cleared PTE is reported through the cfg's tlb_add_page so the
/// driver's zap policy stays in the driver.
/// </summary>
public sealed class RkIommuIoPgtable : IIoPgtableOps
{
    /// <summary>RK_IOMMU_PGSIZE_BITMAP: 4 KiB ... 4 MiB.</summary>
    public const ulong PgsizeBitmap = 0x007F_F000;

    private readonly RkIommuPageTable _table;

    private RkIommuIoPgtable(IoPgtableCfg cfg, RkIommuPageTable table)
    {
        Cfg = cfg;
        _table = table;
    }

    public IoPgtableCfg Cfg { get; }

    /// <summary>The entry encoding.</summary>
    public RkIommuVersion Version => _table.Version;

    public int TablePageCount => _table.TablePageCount;

    /// <summary>The init function of both formats: null when no page is left for the directory.</summary>
    internal static RkIommuIoPgtable? Alloc(IoPgtableCfg cfg, NormalWorldView hardware, IPageTableAllocator pages, RkIommuVersion version)
    {
        var oas = version == RkIommuVersion.V1 ? 32 : HwConstants.PhysAddressBits;
        if (cfg.Ias is <= 12 or > 32 || cfg.Oas is <= 12 || cfg.Oas > oas)
        {
            throw new ArgumentException($"an RK IOMMU {version} table takes ias 13..32 and oas 13..{oas}, not ias {cfg.Ias}, oas {cfg.Oas}", nameof(cfg));
        }

        cfg.PgsizeBitmap &= PgsizeBitmap;
        RkIommuPageTable table;
        try
        {
            table = hardware.CreateRkIommuPageTable(pages, version);
        }
        catch (InsufficientMemoryException)
        {
            return null;
        }

        cfg.Ttbr = table.Root;
        return new RkIommuIoPgtable(cfg, table);
    }

    public int MapPages(ulong iova, PhysAddr paddr, ulong pgsize, ulong pgcount, IommuProt prot, out ulong mapped)
    {
        mapped = 0;
        if (!IsPageSize(pgsize) || pgcount == 0 || ((iova | paddr.Value) & (pgsize - 1)) != 0 || (prot & ~IommuProt.ReadWrite) != 0)
        {
            return -Errno.EINVAL;
        }

        if (pgcount > (1UL << Cfg.Ias) / pgsize || iova + (pgsize * pgcount) > 1UL << Cfg.Ias || paddr.Value + (pgsize * pgcount) > 1UL << Cfg.Oas)
        {
            // Model: as io-pgtable-arm's map (rockchip-iommu.c would take the low 32 bits of the IOVA).
            return -Errno.ERANGE;
        }

        var size = pgsize * pgcount;
        switch (_table.Map(new DeviceAddr(iova), paddr, size, prot))
        {
            case IommuMapResult.Success:
                mapped = size;
                return 0;
            case IommuMapResult.AddressInUse:
                // rk_iommu_map_iova: "iova ... already mapped ... cannot remap", after unwinding.
                return -Errno.EADDRINUSE;
            case IommuMapResult.OutOfMemory:
                return -Errno.ENOMEM;
            default:
                return -Errno.EINVAL;
        }
    }

    public ulong UnmapPages(ulong iova, ulong pgsize, ulong pgcount, IommuIotlbGather gather)
    {
        ArgumentNullException.ThrowIfNull(gather);
        if (!IsPageSize(pgsize) || pgcount == 0 || (iova & (pgsize - 1)) != 0 || iova >= 1UL << Cfg.Ias)
        {
            return 0;
        }

        var unmapped = _table.Unmap(new DeviceAddr(iova), Math.Min(pgsize * pgcount, (1UL << Cfg.Ias) - iova));
        for (ulong done = 0; done < unmapped; done += HwConstants.PageSize)
        {
            Cfg.Tlb.TlbAddPage(gather, iova + done, HwConstants.PageSize);
        }

        return unmapped;
    }

    public PhysAddr? IovaToPhys(DeviceAddr iova) => _table.IovaToPhys(iova);

    public void AssertInvariants() => _table.AssertInvariants();

    public void Free() => _table.Free();

    private bool IsPageSize(ulong pgsize) => BitOperations.IsPow2(pgsize) && (Cfg.PgsizeBitmap & pgsize) != 0;
}
