namespace Protmem.Kernel.Gpu.Panthor;

/// <summary>
/// Where the firmware's protected sections (and the groups' protected suspend buffers) come from: the three
/// designs of the panthor protected-mode review, chosen per board by the GPU node's <c>protmem,gpu-fw-memory</c>.
/// </summary>
public enum PanthorFwMemory
{
    /// <summary>Design 1 (the 2026 series): the kernel allocates from the protected dma-heap named by <c>protected-heap-name</c> at probe, deferring until the heap exists.</summary>
    ProtectedHeap,

    /// <summary>Design 2: the GPU node's <c>memory-region</c> is a no-map carveout the secure world protects; the driver allocates from it with the DMA API.</summary>
    ReservedMemory,

    /// <summary>Design 3: the firmware boots without protected sections; DRM_PANTHOR_ENABLE_FW_PROT_MODE hands it a userspace protected buffer and resets it.</summary>
    EnableFwProtMode,
}
