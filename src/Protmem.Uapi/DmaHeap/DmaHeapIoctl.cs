namespace Protmem.Uapi.DmaHeap;

/// <summary>
/// include/uapi/linux/dma-heap.h: the one ioctl of a <c>/dev/dma_heap/&lt;name&gt;</c> node
/// and the flags it accepts.
/// </summary>
public static class DmaHeapIoctl
{
    /// <summary>'H'.</summary>
    public const uint DMA_HEAP_IOC_MAGIC = 'H';

    /// <summary>Valid fd_flags: O_CLOEXEC and the access mode.</summary>
    public const int DMA_HEAP_VALID_FD_FLAGS = Fcntl.O_CLOEXEC | Fcntl.O_ACCMODE;

    /// <summary>No heap flags are defined.</summary>
    public const int DMA_HEAP_VALID_HEAP_FLAGS = 0;

    /// <summary>_IOWR('H', 0, struct dma_heap_allocation_data) = 0xC0184800.</summary>
    public const uint DMA_HEAP_IOCTL_ALLOC =
        Ioctl.IOC_INOUT | ((uint)DmaHeapAllocationData.Size << Ioctl._IOC_SIZESHIFT)
        | (DMA_HEAP_IOC_MAGIC << Ioctl._IOC_TYPESHIFT) | (0u << Ioctl._IOC_NRSHIFT);

    /// <summary>The heaps' directory: a heap named N is the node <c>/dev/dma_heap/N</c>.</summary>
    [AbiSource(AbiSource.Model)]
    public const string DevicePrefix = "/dev/dma_heap/";
}
