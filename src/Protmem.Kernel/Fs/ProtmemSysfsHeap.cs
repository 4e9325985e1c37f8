using Protmem.Kernel.Base;
using Protmem.Kernel.Core;
using Protmem.Kernel.DmaBufs;
using Protmem.Kernel.Tee;

namespace Protmem.Kernel.Fs;

/// <summary>
/// One allocator a program can take buffers from, as /sys/kernel/protmem/heaps/&lt;name&gt; shows it:
/// a dma-heap (DMA_HEAP_IOCTL_ALLOC on its node) or, on the seed design, a use case of the TEE's
/// TEE_IOC_RSTMEM_ALLOC.
/// </summary>
/// <param name="Name">The directory name: the dma-heap's name, or rstmem,&lt;use case&gt;.</param>
/// <param name="Node">The /dev node a program allocates on.</param>
/// <param name="Allocation">The ioctl that allocates: DMA_HEAP_IOCTL_ALLOC or TEE_IOC_RSTMEM_ALLOC.</param>
/// <param name="Properties">What its buffers are.</param>
/// <param name="CanImport">Whether a device's DMA can use its buffers.</param>
/// <param name="TeeTakes">Whether a TEE takes its buffers as shared memory (SHM_REGISTER_FD).</param>
internal sealed record ProtmemSysfsHeap(
    string Name,
    string Node,
    string Allocation,
    DmaHeapProperties Properties,
    Func<PlatformDevice, bool> CanImport,
    Func<TeeDevice, bool> TeeTakes);
