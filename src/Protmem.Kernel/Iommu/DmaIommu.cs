using Protmem.Hardware;
using Protmem.Hardware.Iommu;
using Protmem.Kernel.DmaBufs;
using Protmem.Uapi;

namespace Protmem.Kernel.Iommu;

/// <summary>
/// The DMA API over an IOMMU (drivers/iommu/dma-iommu.c): IOVAs from the default DMA domain's allocator,
/// mapped with iommu_map. Reached only through <see cref="Dma.DmaMapping"/>.
/// </summary>
internal static class DmaIommu
{
    /// <summary>dma_info_to_prot.</summary>
    public static IommuProt InfoToProt(DmaDataDirection direction) => direction switch
    {
        DmaDataDirection.ToDevice => IommuProt.Read,
        DmaDataDirection.FromDevice => IommuProt.Write,
        _ => IommuProt.ReadWrite,
    };

    /// <summary>
    /// iommu_dma_map_sg: one IOVA range for the whole table, each entry mapped at its place in it.
    /// 0; -ENOMEM when no IOVA range (or table page) is left; -EINVAL for any other iommu_map error.
    /// </summary>
    public static int MapSg(IommuDomain domain, SgTable table, DmaDataDirection direction)
    {
        var cookie = domain.IovaCookie!;
        var length = IovaDomain.Align(table.TotalLength);
        if (!cookie.TryAlloc(length, out var iova))
        {
            return -Errno.ENOMEM;
        }

        var prot = InfoToProt(direction);
        var cursor = iova;
        for (var i = 0; i < table.Count; i++)
        {
            var entry = table.Entries[i];
            var result = domain.Map(cursor, entry.Phys, entry.Length, prot);
            if (result < 0)
            {
                domain.Unmap(iova, cursor - iova);
                cookie.Free(iova, length);
                return result == -Errno.ENOMEM ? result : -Errno.EINVAL;
            }

            table.SetDmaAddress(i, cursor);
            cursor += entry.Length;
        }

        return 0;
    }

    /// <summary>iommu_dma_unmap_sg: unmaps the table's range and frees its IOVAs; a short unmap is an oops.</summary>
    public static void UnmapSg(IommuDomain domain, SgTable table)
    {
        if (table.Count == 0)
        {
            return;
        }

        var iova = table.Entries[0].DmaAddress;
        var unmapped = domain.Unmap(iova, table.TotalLength);
        if (unmapped != table.TotalLength)
        {
            throw new Core.KernelOopsException($"{domain} unmapped 0x{unmapped:x} of 0x{table.TotalLength:x} bytes at {iova}");
        }

        domain.IovaCookie!.Free(iova, IovaDomain.Align(table.TotalLength));
    }

    /// <summary>iommu_dma_map_page: the IOVA of [<paramref name="phys"/>, +<paramref name="size"/>), or false (DMA_MAPPING_ERROR).</summary>
    public static bool TryMapPage(IommuDomain domain, PhysAddr phys, ulong size, DmaDataDirection direction, out DeviceAddr address)
    {
        address = default;
        var offset = phys.Value & HwConstants.PageMask;
        var length = IovaDomain.Align(offset + size);
        if (!domain.IovaCookie!.TryAlloc(length, out var iova))
        {
            return false;
        }

        if (domain.Map(iova, new PhysAddr(phys.Value - offset), length, InfoToProt(direction)) < 0)
        {
            domain.IovaCookie.Free(iova, length);
            return false;
        }

        address = iova + offset;
        return true;
    }

    /// <summary>iommu_dma_unmap_page; a short unmap is an oops.</summary>
    public static void UnmapPage(IommuDomain domain, DeviceAddr address, ulong size)
    {
        var offset = address.Value & HwConstants.PageMask;
        var iova = new DeviceAddr(address.Value - offset);
        var length = IovaDomain.Align(offset + size);
        var unmapped = domain.Unmap(iova, length);
        if (unmapped != length)
        {
            throw new Core.KernelOopsException($"{domain} unmapped 0x{unmapped:x} of 0x{length:x} bytes at {iova} (a page that was not mapped by dma_map_page?)");
        }

        domain.IovaCookie!.Free(iova, length);
    }
}
