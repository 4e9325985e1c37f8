namespace Protmem.Kernel.DmaBufs;

/// <summary>
/// How a fence in a reservation object is used (<c>enum dma_resv_usage</c>); each level includes
/// the ones before it when fences are queried.
/// </summary>
public enum DmaResvUsage
{
    /// <summary>DMA_RESV_USAGE_KERNEL: kernel memory management (moves, clears).</summary>
    Kernel = 0,

    /// <summary>DMA_RESV_USAGE_WRITE: implicit-sync writers.</summary>
    Write = 1,

    /// <summary>DMA_RESV_USAGE_READ: implicit-sync readers.</summary>
    Read = 2,

    /// <summary>DMA_RESV_USAGE_BOOKKEEP: fences no implicit sync waits on.</summary>
    Bookkeep = 3,
}
