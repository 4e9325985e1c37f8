using Protmem.Hardware;
using Protmem.Hardware.Iommu;
using Protmem.Kernel.Core;
using Protmem.Kernel.Mm;
using Protmem.Uapi;

namespace Protmem.Kernel.Iommu;

/// <summary>
/// An IOMMU domain (<c>struct iommu_domain</c>): one Rockchip page table, the IOMMU instances it is
/// attached to, and an IOVA allocator. Map and unmap keep the RK driver's TLB maintenance: after a map
/// the first and last IOVA are zapped on every attached IOMMU, after an unmap every page.
/// 1. <see cref="IommuSubsystem.DomainAlloc"/> creates it; 2. attach devices; 3. map / unmap;
/// 4. detach; 5. <see cref="IommuSubsystem.DomainFree"/> gives the table pages back.
/// </summary>
public sealed class IommuDomain
{
    /// <summary>The lowest IOVA handed out: the first 1 MiB is never used, so 0 is never a DMA address.</summary>
    public const ulong IovaStart = 1UL << 20;

    private readonly HashSet<RkIommu> _attached = [];
    private readonly GenPool _iova = new(HwConstants.PageShift);

    internal IommuDomain(int id, RkIommuPageTable pageTable)
    {
        Id = id;
        PageTable = pageTable;
        _iova.AddChunk(IovaStart, RkIommuPageTable.IovaLimit - IovaStart);
    }

    public int Id { get; }

    /// <summary>The page table (its <see cref="RkIommuPageTable.Root"/> is what DTE_ADDR points at).</summary>
    public RkIommuPageTable PageTable { get; }

    /// <summary>The IOMMU instances translating through this domain.</summary>
    public IReadOnlyCollection<RkIommu> AttachedIommus => _attached;

    /// <summary>IOVA bytes not handed out.</summary>
    public ulong IovaAvailable => _iova.Avail;

    /// <summary>True once freed.</summary>
    public bool IsFreed { get; internal set; }

    /// <summary>
    /// iommu_map: 0, -EADDRINUSE when a page is mapped already, -EINVAL for a bad range, -ENOMEM when no
    /// page is left for a table. Zaps the first and last IOVA on every attached IOMMU.
    /// </summary>
    public int Map(DeviceAddr iova, PhysAddr phys, ulong size, IommuProt prot)
    {
        ObjectDisposedException.ThrowIf(IsFreed, this);
        var result = PageTable.Map(iova, phys, size, prot);
        switch (result)
        {
            case IommuMapResult.Success:
                foreach (var iommu in _attached)
                {
                    iommu.ZapLine(iova);
                    if (size > HwConstants.PageSize)
                    {
                        iommu.ZapLine(iova + (size - HwConstants.PageSize));
                    }
                }

                return 0;
            case IommuMapResult.AddressInUse:
                return -Errno.EADDRINUSE;
            case IommuMapResult.OutOfMemory:
                return -Errno.ENOMEM;
            default:
                return -Errno.EINVAL;
        }
    }

    /// <summary>iommu_unmap: the bytes unmapped; zaps every unmapped page on every attached IOMMU.</summary>
    public ulong Unmap(DeviceAddr iova, ulong size)
    {
        ObjectDisposedException.ThrowIf(IsFreed, this);
        var unmapped = PageTable.Unmap(iova, size);
        foreach (var iommu in _attached)
        {
            iommu.ZapRange(iova, unmapped);
        }

        return unmapped;
    }

    /// <summary>iommu_iova_to_phys.</summary>
    public PhysAddr? IovaToPhys(DeviceAddr iova) => PageTable.IovaToPhys(iova);

    /// <summary>alloc_iova: a free page-aligned IOVA range of <paramref name="size"/> bytes. Paired with <see cref="FreeIova"/>.</summary>
    public bool TryAllocIova(ulong size, out DeviceAddr iova)
    {
        if (size == 0 || !_iova.TryAlloc((size + HwConstants.PageMask) & ~HwConstants.PageMask, out var addr))
        {
            iova = default;
            return false;
        }

        iova = new DeviceAddr(addr);
        return true;
    }

    /// <summary>free_iova.</summary>
    public void FreeIova(DeviceAddr iova, ulong size) => _iova.Free(iova.Value, (size + HwConstants.PageMask) & ~HwConstants.PageMask);

    /// <summary>Checks the page table and the IOVA allocator.</summary>
    public void AssertInvariants()
    {
        PageTable.AssertInvariants();
        _iova.AssertInvariants();
        foreach (var iommu in _attached)
        {
            if (iommu.AttachedDirectory != PageTable.Root)
            {
                throw new KernelOopsException($"invariant broken: IOMMU '{iommu.Name}', attached to domain {Id}, translates through the domain's directory");
            }
        }
    }

    internal void AddIommu(RkIommu iommu) => _attached.Add(iommu);

    internal void RemoveIommu(RkIommu iommu) => _attached.Remove(iommu);

    public override string ToString() => $"iommu-domain {Id}";
}
