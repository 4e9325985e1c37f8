namespace Protmem.Kernel.Tee;

/// <summary>
/// The protected-memory designs the model carries side by side (spec/tee.md), one per board: the board's
/// <c>protmem,design</c> reaches the kernel as this one value (<see cref="TeeConfig.Design"/>), and each
/// part of the kernel asks it what it serves.
/// </summary>
public enum ProtectedMemoryDesign
{
    /// <summary>TEE protected dma-heaps, <c>/dev/dma_heap/protected,&lt;use-case&gt;</c> (merged in Linux 6.18). Command line: <c>tee-dma-heap</c>.</summary>
    TeeDmaHeap = 0,

    /// <summary>The TEE ioctl with a use case (the series before v6). Command line: <c>tee-ioctl</c>.</summary>
    TeeIoctl = 1,

    /// <summary>The Linaro restricted heap over a <c>linaro,restricted-heap</c> carveout (RFC, 2024). Command line: <c>restricted-heap</c>.</summary>
    RestrictedHeap = 2,

    /// <summary>A heap whose allocations are secure-world TA commands (MediaTek style). Command line: <c>secure-world-heap</c>.</summary>
    SecureWorldHeap = 3,
}
