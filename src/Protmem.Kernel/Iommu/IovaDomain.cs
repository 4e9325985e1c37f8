using Protmem.Hardware;
using Protmem.Kernel.Mm;

namespace Protmem.Kernel.Iommu;

/// <summary>
/// The IOVA allocator of a DMA domain (drivers/iommu/iova.c, <c>struct iova_domain</c>): page-granular
/// ranges inside the domain's aperture.
/// Model: Linux allocates top-down below the device's DMA limit; this allocator is a first-fit pool from
/// <see cref="IommuDomain.IovaStart"/> up, so IOVA values differ from Linux's while sizes and errors do not.
/// </summary>
public sealed class IovaDomain
{
    private readonly GenPool _pool = new(HwConstants.PageShift);

    /// <summary>init_iova_domain over [<paramref name="start"/>, <paramref name="end"/>] (inclusive).</summary>
    public IovaDomain(ulong start, ulong end)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(end, start);
        Start = start;
        _pool.AddChunk(start, end - start + 1);
    }

    /// <summary>The granule: one page.</summary>
    public static ulong Granule => HwConstants.PageSize;

    /// <summary>The lowest IOVA handed out.</summary>
    public ulong Start { get; }

    /// <summary>IOVA bytes not handed out.</summary>
    public ulong Available => _pool.Avail;

    /// <summary>iova_align: <paramref name="size"/> rounded up to the granule.</summary>
    public static ulong Align(ulong size) => (size + HwConstants.PageMask) & ~HwConstants.PageMask;

    /// <summary>alloc_iova_fast: a free range of <paramref name="size"/> bytes (granule-aligned), or false. Paired with <see cref="Free"/>.</summary>
    public bool TryAlloc(ulong size, out DeviceAddr iova)
    {
        if (size == 0 || (size & HwConstants.PageMask) != 0 || !_pool.TryAlloc(size, out var addr))
        {
            iova = default;
            return false;
        }

        iova = new DeviceAddr(addr);
        return true;
    }

    /// <summary>free_iova_fast.</summary>
    public void Free(DeviceAddr iova, ulong size) => _pool.Free(iova.Value, size);

    /// <summary>Checks the pool.</summary>
    public void AssertInvariants() => _pool.AssertInvariants();
}
