namespace Protmem.Kernel.Iommu;

/// <summary>The direction of a DMA transfer (<c>enum dma_data_direction</c>).</summary>
public enum DmaDataDirection
{
    /// <summary>DMA_BIDIRECTIONAL: the device reads and writes.</summary>
    Bidirectional = 0,

    /// <summary>DMA_TO_DEVICE: the device reads memory.</summary>
    ToDevice = 1,

    /// <summary>DMA_FROM_DEVICE: the device writes memory.</summary>
    FromDevice = 2,
}
