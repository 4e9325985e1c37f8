using Protmem.Kernel.Base;
using Protmem.Kernel.Core;

namespace Protmem.Kernel.DmaBufs;

/// <summary>
/// A heap's backend (<c>struct dma_heap_ops</c>): allocation of a dma-buf, and what the backend knows
/// about its buffers (shown to programs under /sys/kernel/protmem).
/// </summary>
public interface IDmaHeapOps
{
    /// <summary>What the heap's buffers are.</summary>
    DmaHeapProperties Properties { get; }

    /// <summary>
    /// Whether <paramref name="device"/>'s DMA can use this heap's buffers: it has a bus master and the
    /// memory is memory that master may reach and address (a scattered buffer needs an IOMMU in front of
    /// a device; protected memory needs the device among those the secure world admits).
    /// </summary>
    /// <remarks>Model: Linux has no such hook; the answer is the backend's own knowledge, never a firewall read.</remarks>
    bool CanImport(PlatformDevice device);

    /// <summary>
    /// allocate: 0 and a new dma-buf of <paramref name="length"/> bytes (page aligned, non-zero) holding
    /// one reference, or -errno (-ENOMEM when exhausted). The framework validated the flags.
    /// </summary>
    int Allocate(DmaHeap heap, ulong length, uint fdFlags, ulong heapFlags, out DmaBuf? buffer);
}
