using System.Numerics;
using Protmem.Hardware;
using Protmem.Hardware.Iommu;
using Protmem.Uapi;

namespace Protmem.Kernel.Iommu;

/// <summary>
/// An IOMMU domain (<c>struct iommu_domain</c>): its type, its driver's ops, the page sizes it maps and
/// its aperture, and, for a DMA domain, the IOVA allocator of the DMA API (its cookie). The map calls of
/// drivers/iommu/iommu.c live here: they check alignment against the page sizes, split a range into
/// pages the driver maps, unwind on failure and sync the IOTLB; TLB maintenance is the driver's.
/// 1. <see cref="IommuSubsystem.PagingDomainAlloc(Base.PlatformDevice)"/> creates one (the core creates
///    default DMA domains); 2. attach devices; 3. <see cref="Map"/> / <see cref="Unmap"/>;
/// 4. detach; 5. <see cref="IommuSubsystem.DomainFree"/>.
/// </summary>
public sealed class IommuDomain
{
    /// <summary>The lowest IOVA the DMA API hands out: the first 1 MiB is never used, so 0 is never a DMA address.</summary>
    public const ulong IovaStart = 1UL << 20;

    internal IommuDomain(int id, IommuDomainType type, IIommuDomainOps ops, IommuDevice owner, IommuDomainGeometry geometry)
    {
        Id = id;
        Type = type;
        Ops = ops;
        Owner = owner;
        Geometry = geometry;
        PgsizeBitmap = owner.Ops.PgsizeBitmap;
        if (type == IommuDomainType.Dma)
        {
            // iommu_get_dma_cookie + iommu_dma_init_domain: the IOVA space is the aperture.
            IovaCookie = new IovaDomain(Math.Max(IovaStart, geometry.ApertureStart), geometry.ApertureEnd);
        }
    }

    public int Id { get; }

    public IommuDomainType Type { get; }

    /// <summary>The driver's ops for this domain (for the core and its driver).</summary>
    public IIommuDomainOps Ops { get; }

    /// <summary>The IOMMU whose driver allocated it (<c>domain-&gt;owner</c>).</summary>
    public IommuDevice Owner { get; }

    /// <summary>pgsize_bitmap: the page sizes this domain maps.</summary>
    public ulong PgsizeBitmap { get; }

    public IommuDomainGeometry Geometry { get; }

    /// <summary>The DMA API's IOVA allocator (iova_cookie), only on a <see cref="IommuDomainType.Dma"/> domain.</summary>
    public IovaDomain? IovaCookie { get; }

    /// <summary>IOVA bytes the DMA API has not handed out (0 on a domain without a cookie).</summary>
    public ulong IovaAvailable => IovaCookie?.Available ?? 0;

    /// <summary>True once freed.</summary>
    public bool IsFreed { get; internal set; }

    /// <summary>Groups translating through this domain now.</summary>
    internal HashSet<IommuGroup> Groups { get; } = [];

    /// <summary>True for the types that translate through page tables.</summary>
    public bool IsPaging => Type is IommuDomainType.Dma or IommuDomainType.Unmanaged;

    /// <summary>
    /// iommu_map: 0, or -EINVAL when the domain does not page or iova, paddr or size is not aligned to its
    /// smallest page, -ENODEV when the driver maps no page size, or the driver's error (-ENOMEM,
    /// -EADDRINUSE for an IOVA already mapped, -ERANGE beyond what the table holds); on error nothing
    /// this call mapped stays mapped. A size of 0 maps nothing and succeeds, as in Linux.
    /// </summary>
    public int Map(DeviceAddr iova, PhysAddr paddr, ulong size, IommuProt prot)
    {
        ObjectDisposedException.ThrowIf(IsFreed, this);
        if (!IsPaging)
        {
            return -Errno.EINVAL;
        }

        if (PgsizeBitmap == 0)
        {
            return -Errno.ENODEV;
        }

        var minPagesz = MinPagesz;
        if (((iova.Value | paddr.Value | size) & (minPagesz - 1)) != 0)
        {
            return -Errno.EINVAL;
        }

        var addr = iova.Value;
        var phys = paddr.Value;
        var left = size;
        var ret = 0;
        while (left > 0)
        {
            var pgsize = Pgsize(addr, phys, left, out var count);
            ret = Ops.MapPages(addr, new PhysAddr(phys), pgsize, count, prot, out var mapped);
            left -= mapped;
            if (ret != 0)
            {
                break;
            }

            if (mapped == 0)
            {
                throw new Core.KernelOopsException($"{Owner}'s map_pages mapped nothing at 0x{addr:x} and reported no error");
            }

            addr += mapped;
            phys += mapped;
        }

        if (ret != 0 && size - left > 0)
        {
            Unmap(iova, size - left);
        }

        return ret;
    }

    /// <summary>
    /// iommu_unmap: unmaps from <paramref name="iova"/> up to <paramref name="size"/> bytes, stopping at the
    /// first IOVA that is not mapped; returns the bytes unmapped (0 when iova or size is not aligned to the
    /// smallest page). The driver's iotlb_sync runs on what was gathered.
    /// </summary>
    public ulong Unmap(DeviceAddr iova, ulong size)
    {
        ObjectDisposedException.ThrowIf(IsFreed, this);
        if (!IsPaging || PgsizeBitmap == 0 || ((iova.Value | size) & (MinPagesz - 1)) != 0)
        {
            return 0;
        }

        var gather = new IommuIotlbGather();
        ulong unmapped = 0;
        while (unmapped < size)
        {
            var addr = iova.Value + unmapped;
            var pgsize = Pgsize(addr, addr, size - unmapped, out var count);
            var page = Ops.UnmapPages(addr, pgsize, count, gather);
            if (page == 0)
            {
                break;
            }

            unmapped += page;
        }

        Ops.IotlbSync(gather);
        return unmapped;
    }

    /// <summary>iommu_iova_to_phys: the physical address, or null (Linux: 0). An identity domain returns the IOVA.</summary>
    public PhysAddr? IovaToPhys(DeviceAddr iova)
    {
        ObjectDisposedException.ThrowIf(IsFreed, this);
        return Type switch
        {
            IommuDomainType.Identity => new PhysAddr(iova.Value),
            IommuDomainType.Blocked => null,
            _ => Ops.IovaToPhys(iova),
        };
    }

    /// <summary>iommu_flush_iotlb_all.</summary>
    public void FlushIotlbAll()
    {
        ObjectDisposedException.ThrowIf(IsFreed, this);
        Ops.FlushIotlbAll();
    }

    /// <summary>Checks the driver's state and the IOVA allocator.</summary>
    public void AssertInvariants()
    {
        Ops.AssertInvariants();
        IovaCookie?.AssertInvariants();
    }

    public override string ToString() => $"iommu-domain {Id}";

    private ulong MinPagesz => 1UL << BitOperations.TrailingZeroCount(PgsizeBitmap);

    /// <summary>
    /// iommu_pgsize: the biggest page size that fits <paramref name="size"/> and the alignment of both
    /// addresses, and how many of it to map before a bigger size could take over.
    /// </summary>
    private ulong Pgsize(ulong iova, ulong paddr, ulong size, out ulong count)
    {
        var addrMerge = iova | paddr;
        var pgsizes = PgsizeBitmap & (ulong.MaxValue >> (63 - BitOperations.Log2(size)));
        if (addrMerge != 0)
        {
            pgsizes &= ulong.MaxValue >> (63 - BitOperations.TrailingZeroCount(addrMerge));
        }

        if (pgsizes == 0)
        {
            throw new Core.KernelOopsException($"no page size of {Owner} fits 0x{size:x} bytes at 0x{iova:x}");
        }

        var pgsizeIdx = BitOperations.Log2(pgsizes);
        var pgsize = 1UL << pgsizeIdx;
        var bigger = pgsizeIdx == 63 ? 0 : PgsizeBitmap & ~((2UL << pgsizeIdx) - 1);
        if (bigger != 0)
        {
            var next = 1UL << BitOperations.TrailingZeroCount(bigger);
            if (((iova ^ paddr) & (next - 1)) == 0)
            {
                var offset = next - (addrMerge & (next - 1));
                if (offset + next <= size)
                {
                    size = offset;
                }
            }
        }

        count = size >> pgsizeIdx;
        return pgsize;
    }
}
