using Protmem.Hardware;

namespace Protmem.Kernel.Core;

/// <summary>
/// One child of the device tree's <c>/reserved-memory</c> node, as data.
/// </summary>
/// <param name="Name">The node name (e.g. <c>linux,cma</c>); devices name it in <c>memory-region</c>.</param>
/// <param name="Range">The physical range, page-aligned.</param>
/// <param name="NoMap">The <c>no-map</c> property: the range leaves the kernel's direct map at boot.</param>
/// <param name="Reusable">The <c>reusable</c> property: with <c>shared-dma-pool</c>, a CMA area.</param>
/// <param name="Compatible">E.g. <c>shared-dma-pool</c>, <c>linaro,restricted-heap</c>; empty when absent.</param>
public sealed record ReservedMemoryRegion(string Name, PhysRange Range, bool NoMap = false, bool Reusable = false, string Compatible = "")
{
    /// <summary>The compatible of DMA pools, CMA areas among them.</summary>
    public const string SharedDmaPool = "shared-dma-pool";

    /// <summary>True for a CMA area: a reusable <c>shared-dma-pool</c>.</summary>
    public bool IsCma => Reusable && Compatible == SharedDmaPool;
}
