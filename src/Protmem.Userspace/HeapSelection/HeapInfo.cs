namespace Protmem.Userspace.HeapSelection;

/// <summary>
/// A heap as /sys/kernel/protmem/heaps/&lt;name&gt; describes it: where and how a program allocates
/// from it, and what its memory is.
/// </summary>
/// <param name="Name">The directory name (a dma-heap's name, or rstmem,&lt;use case&gt;).</param>
/// <param name="Node">The /dev node to allocate on.</param>
/// <param name="Allocation">The ioctl: <see cref="DmaHeapAlloc"/> or <see cref="TeeRstmemAlloc"/>.</param>
/// <param name="Protected">Protected memory: no CPU of the normal world may touch it.</param>
/// <param name="UseCase">The TEE use case it serves (secure-video, trusted-ui, secure-video-record), or "none".</param>
/// <param name="Contiguous">Every buffer is one physically contiguous range.</param>
/// <param name="CpuMappable">The buffers can be mmap'ed.</param>
public sealed record HeapInfo(string Name, string Node, string Allocation, bool Protected, string UseCase, bool Contiguous, bool CpuMappable)
{
    /// <summary>The dma-heap ioctl.</summary>
    public const string DmaHeapAlloc = "DMA_HEAP_IOCTL_ALLOC";

    /// <summary>The seed design's TEE ioctl.</summary>
    public const string TeeRstmemAlloc = "TEE_IOC_RSTMEM_ALLOC";

    /// <summary>The use-case word of a heap that serves none.</summary>
    public const string NoUseCase = "none";

    /// <summary>True for an allocator that is a dma-heap node.</summary>
    public bool IsDmaHeap => Allocation == DmaHeapAlloc;

    public override string ToString() => Name;
}
