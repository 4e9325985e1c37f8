using Protmem.Hardware;
using Protmem.Hardware.Iommu;
using Protmem.Kernel.Base;
using Protmem.Kernel.Core;

namespace Protmem.Kernel.Iommu.Rockchip;

/// <summary>
/// A Rockchip paging domain (<c>struct rk_iommu_domain</c> and <c>rk_iommu_domain_ops</c>): one page table
/// and the instances attached to it. The TLB maintenance is the driver's (rockchip-iommu.c):
/// - attach points every bank at the directory and zaps its whole IOTLB (rk_iommu_enable);
/// - after a map, the first and the last page of the new range are zapped on every attached instance
///   (rk_iommu_zap_iova_first_last: only they could share a cached line with an older mapping);
/// - every page an unmap clears is zapped on every attached instance (rk_iommu_zap_iova).
/// </summary>
public sealed class RkIommuDomain : IIommuDomainOps, IIommuFlushOps
{
    private readonly RkIommuDriver _driver;
    private readonly List<RkIommuInstance> _iommus = [];
    private IIoPgtableOps _pgtable = null!;

    private RkIommuDomain(RkIommuDriver driver) => _driver = driver;

    /// <summary>The directory DTE_ADDR points at while attached.</summary>
    public PhysAddr Root => _pgtable.Cfg.Ttbr;

    /// <summary>The table format.</summary>
    public IoPgtableFmt Format { get; private init; }

    /// <summary>The instances translating through this domain (<c>rk_domain-&gt;iommus</c>).</summary>
    public IReadOnlyList<RkIommuInstance> Iommus => _iommus;

    public int PgtablePages => _pgtable.TablePageCount;

    /// <summary>rk_iommu_domain_alloc_paging: a domain with an empty table of <paramref name="format"/>, or null without a page for its directory.</summary>
    internal static RkIommuDomain? Alloc(RkIommuDriver driver, IoPgtableFmt format, KernelContext kernel)
    {
        var domain = new RkIommuDomain(driver) { Format = format };
        var cfg = new IoPgtableCfg
        {
            PgsizeBitmap = RkIommuIoPgtable.PgsizeBitmap,
            Ias = 32,
            Oas = format == IoPgtableFmt.RkIommuV1 ? 32 : HwConstants.PhysAddressBits,
            Tlb = domain,
        };
        if (IoPgtable.AllocIoPgtableOps(format, cfg, kernel.Hardware, kernel.Pages) is not { } pgtable)
        {
            return null;
        }

        domain._pgtable = pgtable;
        return domain;
    }

    /// <summary>rk_iommu_attach_device: 0; nothing happens when the instance is attached here already.</summary>
    public int AttachDev(PlatformDevice device)
    {
        var iommu = _driver.InstanceOf(device);
        if (iommu.Domain == this)
        {
            return 0;
        }

        iommu.Domain?.Remove(iommu);
        iommu.Domain = this;
        _iommus.Add(iommu);

        // rk_iommu_enable: stall, force reset, per bank DTE_ADDR + ZAP_CACHE + INT_MASK, enable paging, unstall.
        iommu.Registers.Attach(Root);
        return 0;
    }

    /// <summary>rk_iommu_map: maps one page of <paramref name="pgsize"/> (as Linux, <paramref name="pgcount"/> is not used: the core asks again), then zaps its first and last line.</summary>
    public int MapPages(ulong iova, PhysAddr paddr, ulong pgsize, ulong pgcount, IommuProt prot, out ulong mapped)
    {
        var result = _pgtable.MapPages(iova, paddr, pgsize, 1, prot, out mapped);
        if (result == 0)
        {
            foreach (var iommu in _iommus)
            {
                iommu.Registers.ZapIovaFirstLast(new DeviceAddr(iova), mapped);
            }
        }

        return result;
    }

    /// <summary>rk_iommu_unmap: unmaps up to one page of <paramref name="pgsize"/>; the format reports each cleared PTE to <see cref="TlbAddPage"/>.</summary>
    public ulong UnmapPages(ulong iova, ulong pgsize, ulong pgcount, IommuIotlbGather gather) =>
        _pgtable.UnmapPages(iova, pgsize, 1, gather);

    /// <summary>rk_iommu_zap_iova for one page, on every attached instance (every bank).</summary>
    public void TlbAddPage(IommuIotlbGather gather, ulong iova, ulong granule)
    {
        ArgumentNullException.ThrowIfNull(gather);
        gather.AddRange(iova, granule);
        foreach (var iommu in _iommus)
        {
            iommu.Registers.ZapRange(new DeviceAddr(iova), granule);
        }
    }

    public PhysAddr? IovaToPhys(DeviceAddr iova) => _pgtable.IovaToPhys(iova);

    /// <summary>ZAP_CACHE on every attached instance.</summary>
    public void FlushIotlbAll()
    {
        foreach (var iommu in _iommus)
        {
            iommu.Registers.ZapAll();
        }
    }

    /// <summary>rk_iommu_domain_free: the table's pages go back; the domain must be attached nowhere.</summary>
    public void Free()
    {
        if (_iommus.Count != 0)
        {
            throw new KernelOopsException($"an RK IOMMU domain is freed while {string.Join(", ", _iommus)} translate through it");
        }

        IoPgtable.FreeIoPgtableOps(_pgtable);
    }

    public void AssertInvariants()
    {
        _pgtable.AssertInvariants();
        foreach (var iommu in _iommus)
        {
            if (iommu.Domain != this || iommu.Registers.AttachedDirectory != Root)
            {
                throw new KernelOopsException($"invariant broken: IOMMU '{iommu}', attached to an RK domain, translates through the domain's directory {Root}");
            }
        }
    }

    /// <summary>The instance leaves this domain (it attaches elsewhere).</summary>
    internal void Remove(RkIommuInstance iommu) => _iommus.Remove(iommu);
}
