using Protmem.Hardware;
using Protmem.Kernel.Core;
using Protmem.Kernel.DmaBufs;

namespace Protmem.Kernel.Tee;

/// <summary>What backs a <see cref="TeeShm"/>.</summary>
public enum TeeShmKind
{
    /// <summary>TEE_IOC_SHM_ALLOC: contiguous kernel pages the process may mmap.</summary>
    Allocated,

    /// <summary>TEE_IOC_SHM_REGISTER: a range of the process's own memory, looked up at each use.</summary>
    UserRegistered,

    /// <summary>TEE_IOC_SHM_REGISTER_FD: a protected dma-buf of this TEE's heaps (holds a dma-buf reference).</summary>
    DmaBuf,

    /// <summary>A dynamic pool's lent region (the parent of the buffers carved from it); kernel-internal.</summary>
    LentRegion,

    /// <summary>TEE_IOC_RSTMEM_ALLOC (seed design): a protected buffer owned by the dma-buf it is exported as.</summary>
    Restricted,
}
