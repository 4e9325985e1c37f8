namespace Protmem.Kernel.DmaBuf;

/// <summary>A heap's backend (<c>struct dma_heap_ops</c>): allocation of a dma-buf.</summary>
public interface IDmaHeapOps
{
    /// <summary>
    /// allocate: 0 and a new dma-buf of <paramref name="length"/> bytes (page aligned, non-zero) holding
    /// one reference, or -errno (-ENOMEM when exhausted). The framework validated the flags.
    /// </summary>
    int Allocate(DmaHeap heap, ulong length, uint fdFlags, ulong heapFlags, out DmaBuf? buffer);
}
