using Protmem.Hardware;
using Protmem.Kernel.Base;
using Protmem.Kernel.Core;
using Protmem.Kernel.DmaBufs;
using Protmem.Kernel.Iommu;
using Protmem.Uapi;

namespace Protmem.Kernel.Dma;

/// <summary>
/// The DMA API drivers call (kernel/dma/mapping.c): device addresses for memory. A device whose IOMMU
/// group has a DMA default domain goes through the IOMMU (dma-iommu: IOVAs in that default domain, even
/// while a driver has attached the group to a domain of its own); any other device uses physical
/// addresses (dma-direct).
/// 1. <see cref="MapSgtable"/> / <see cref="UnmapSgtable"/> (paired) for scatter-gather tables.
/// 2. <see cref="MapPage"/> / <see cref="UnmapPage"/> (paired) for one range; check with <see cref="MappingError"/>.
/// </summary>
public sealed class DmaMapping
{
    /// <summary>DMA_MAPPING_ERROR: the address <see cref="MapPage"/> returns on failure.</summary>
    public static readonly DeviceAddr DMA_MAPPING_ERROR = new(ulong.MaxValue);

    internal DmaMapping()
    {
    }

    /// <summary>Tables and pages mapped and not yet unmapped (dma-debug's count of live entries).</summary>
    public int LiveMappings { get; private set; }

    /// <summary>dma_mapping_error: -ENOMEM for <see cref="DMA_MAPPING_ERROR"/>, else 0.</summary>
    public static int MappingError(DeviceAddr address) => address == DMA_MAPPING_ERROR ? -Errno.ENOMEM : 0;

    /// <summary>
    /// dma_map_sgtable: gives every entry of <paramref name="table"/> a device address for
    /// <paramref name="device"/>. 0; -EINVAL for an unknown direction; -EIO for an empty table; -ENOMEM when no
    /// IOVA range or page-table page is left; -EINVAL for another IOMMU error. Mapping a mapped table is an oops.
    /// </summary>
    public int MapSgtable(PlatformDevice device, SgTable table, DmaDataDirection direction)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(table);
        if (table.IsDmaMapped)
        {
            throw new KernelOopsException("an sg table is DMA-mapped twice");
        }

        if (!Enum.IsDefined(direction))
        {
            // Model: Linux BUG()s on an invalid direction; the model refuses it.
            return -Errno.EINVAL;
        }

        if (table.Count == 0)
        {
            // __dma_map_sg_attrs: mapping no entry is a driver bug, reported as -EIO.
            return -Errno.EIO;
        }

        var result = DmaDomain(device) is { } domain ? DmaIommu.MapSg(domain, table, direction) : DmaDirect.MapSg(table);
        if (result == 0)
        {
            table.MarkMapped(true);
            LiveMappings++;
        }

        return result;
    }

    /// <summary>dma_unmap_sgtable; paired with <see cref="MapSgtable"/> for the same device. Unmapping an unmapped table is an oops.</summary>
    public void UnmapSgtable(PlatformDevice device, SgTable table, DmaDataDirection direction)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(table);
        if (!table.IsDmaMapped)
        {
            throw new KernelOopsException("an sg table that is not DMA-mapped is unmapped");
        }

        if (DmaDomain(device) is { } domain)
        {
            DmaIommu.UnmapSg(domain, table);
        }

        table.MarkMapped(false);
        LiveMappings--;
    }

    /// <summary>
    /// dma_map_page: the device address of [<paramref name="page"/> + <paramref name="offset"/>, +<paramref name="size"/>),
    /// or <see cref="DMA_MAPPING_ERROR"/> (no IOVA or page-table page left, a size of 0, an unknown direction).
    /// </summary>
    public DeviceAddr MapPage(PlatformDevice device, PhysAddr page, ulong offset, ulong size, DmaDataDirection direction)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (size == 0 || !Enum.IsDefined(direction) || offset > ulong.MaxValue - page.Value)
        {
            return DMA_MAPPING_ERROR;
        }

        var phys = page + offset;
        if (DmaDomain(device) is not { } domain)
        {
            LiveMappings++;
            return DmaDirect.MapPage(phys);
        }

        if (!DmaIommu.TryMapPage(domain, phys, size, direction, out var address))
        {
            return DMA_MAPPING_ERROR;
        }

        LiveMappings++;
        return address;
    }

    /// <summary>dma_unmap_page: paired with <see cref="MapPage"/> with the same address and size.</summary>
    public void UnmapPage(PlatformDevice device, DeviceAddr address, ulong size, DmaDataDirection direction)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (DmaDomain(device) is { } domain)
        {
            DmaIommu.UnmapPage(domain, address, size);
        }

        LiveMappings--;
    }

    /// <summary>use_dma_iommu + iommu_get_dma_domain: the group's default domain when it is a DMA domain.</summary>
    private static IommuDomain? DmaDomain(PlatformDevice device) =>
        device.IommuGroup?.DefaultDomain is { Type: IommuDomainType.Dma } domain ? domain : null;
}
