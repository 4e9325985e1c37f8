using Protmem.Hardware;
using Protmem.Kernel.DmaBufs;

namespace Protmem.Kernel.Dma;

/// <summary>
/// The DMA API without an IOMMU (kernel/dma/direct.c): a device address is the physical address.
/// Model: no DMA masks, no dma-ranges offset and no swiotlb: every DRAM address is reachable as it is.
/// </summary>
internal static class DmaDirect
{
    /// <summary>dma_direct_map_sg.</summary>
    public static int MapSg(SgTable table)
    {
        for (var i = 0; i < table.Count; i++)
        {
            table.SetDmaAddress(i, new DeviceAddr(table.Entries[i].Phys.Value));
        }

        return 0;
    }

    /// <summary>dma_direct_map_page (phys_to_dma).</summary>
    public static DeviceAddr MapPage(PhysAddr phys) => new(phys.Value);
}
